import { describe, expect, it } from 'vitest';
import {
  buildPartitionChange,
  type ElectionKind,
} from '../../../../engine/cluster/controller/partition-change.js';
import type { PartitionRegistration } from '../../../../engine/cluster/metadata/image.js';
import { asBrokerId, type BrokerId } from '../../../../engine/types.js';

const ids = (...n: number[]): BrokerId[] => n.map(asBrokerId);
const reg = (replicas: number[], isr: number[], leader: number): PartitionRegistration => ({
  replicas: ids(...replicas),
  isr: ids(...isr),
  leader: leader === -1 ? -1 : asBrokerId(leader),
  leaderEpoch: 4,
  partitionEpoch: 9,
});

describe('buildPartitionChange', () => {
  const cases: {
    name: string;
    current: PartitionRegistration;
    targetIsr?: number[];
    election?: ElectionKind;
    usable: number[];
    unclean?: boolean;
    expected: { leader?: number; isr?: number[]; unclean: boolean } | null;
  }[] = [
    {
      name: 'fencing the leader moves leadership to the first ISR member in replica order',
      current: reg([1, 2, 3], [1, 2, 3], 1),
      targetIsr: [2, 3],
      usable: [2, 3],
      expected: { leader: 2, isr: [2, 3], unclean: false },
    },
    {
      name: 'removing a follower keeps the leader',
      current: reg([1, 2, 3], [1, 2, 3], 1),
      targetIsr: [1, 3],
      usable: [1, 3],
      expected: { isr: [1, 3], unclean: false },
    },
    {
      name: 'the last ISR member stays in the ISR when it goes; the partition has no leader',
      current: reg([1, 2], [1], 1),
      targetIsr: [],
      usable: [2],
      expected: { leader: -1, unclean: false },
    },
    {
      name: 'an unclean election picks a usable replica outside the ISR only when allowed',
      current: reg([1, 2], [1], -1),
      usable: [2],
      unclean: true,
      expected: { leader: 2, isr: [2], unclean: true },
    },
    {
      name: 'without unclean election the partition stays leaderless',
      current: reg([1, 2], [1], -1),
      usable: [2],
      expected: null,
    },
    {
      name: 'a clean choice always wins over an unclean one',
      current: reg([1, 2, 3], [3], -1),
      usable: [1, 2, 3],
      unclean: true,
      expected: { leader: 3, unclean: false },
    },
    {
      name: 'an explicit unclean election works whatever the topic says',
      current: reg([1, 2], [1], -1),
      election: 'unclean',
      usable: [2],
      expected: { leader: 2, isr: [2], unclean: true },
    },
    {
      name: 'preferred election moves leadership to the first replica when it is in the ISR',
      current: reg([1, 2, 3], [1, 2, 3], 2),
      election: 'preferred',
      usable: [1, 2, 3],
      expected: { leader: 1, unclean: false },
    },
    {
      name: 'preferred election does nothing when the first replica is out of the ISR',
      current: reg([1, 2, 3], [2, 3], 2),
      election: 'preferred',
      usable: [1, 2, 3],
      expected: null,
    },
    {
      name: 'a leader in controlled shutdown (not usable) is replaced even if still in the ISR',
      current: reg([1, 2, 3], [1, 2, 3], 1),
      usable: [2, 3],
      expected: { leader: 2, unclean: false },
    },
    {
      name: 'nothing to change is no change',
      current: reg([1, 2, 3], [1, 2, 3], 1),
      usable: [1, 2, 3],
      expected: null,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const change = buildPartitionChange(c.current, {
        ...(c.targetIsr ? { targetIsr: ids(...c.targetIsr) } : {}),
        election: c.election ?? 'online',
        isUsable: (id) => c.usable.includes(id),
        uncleanAllowed: c.unclean ?? false,
      });
      expect(change).toEqual(c.expected);
    });
  }
});

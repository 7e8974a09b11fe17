import { describe, expect, it } from 'vitest';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../../engine/protocol/consumer-protocol.js';
import { ProtocolDecodeError } from '../../../engine/protocol/decode-error.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('consumer protocol', () => {
  it('decodes a v3 subscription with owned partitions, generation and rack', () => {
    // version 3; topics ["t"]; user data null; owned [{t, [0, 2]}]; generation 7; rack "r1".
    const bytes = hex(
      '0003 00000001 000174 ffffffff 00000001 000174 00000002 00000000 00000002 00000007 00027231',
    );
    const subscription = decodeSubscription(bytes);
    expect(subscription).toEqual({
      version: 3,
      topics: ['t'],
      userData: null,
      ownedPartitions: [{ topic: 't', partitions: [0, 2] }],
      generationId: 7,
      rackId: 'r1',
    });
    expect(encodeSubscription(subscription)).toEqual(bytes);
  });

  it('fills the defaults of fields a v0 subscription lacks', () => {
    const subscription = decodeSubscription(hex('0000 00000000 00000002 abcd'));
    expect(subscription).toEqual({
      version: 0,
      topics: [],
      userData: hex('abcd'),
      ownedPartitions: [],
      generationId: -1,
      rackId: null,
    });
  });

  it('reads a newer version as the newest known one, ignoring appended fields', () => {
    const v3 = hex('0003 00000000 ffffffff 00000000 ffffffff ffff');
    const v9 = Buffer.concat([hex('0009'), v3.subarray(2), hex('deadbeef')]);
    expect(decodeSubscription(v9)).toMatchObject({ version: 9, generationId: -1, rackId: null });
    expect(encodeSubscription(decodeSubscription(v9))).toEqual(v3);
  });

  it('decodes assignments, and an empty buffer as no partitions', () => {
    const bytes = hex('0001 00000001 00036f7264 00000001 00000004 ffffffff');
    const assignment = decodeAssignment(bytes);
    expect(assignment).toEqual({
      version: 1,
      assignedPartitions: [{ topic: 'ord', partitions: [4] }],
      userData: null,
    });
    expect(encodeAssignment(assignment)).toEqual(bytes);
    expect(decodeAssignment(Buffer.alloc(0))).toEqual({ version: 0, assignedPartitions: [], userData: null });
  });

  it('refuses negative versions and truncated bytes with a ProtocolDecodeError', () => {
    expect(() => decodeSubscription(hex('ffff'))).toThrow(ProtocolDecodeError);
    expect(() => decodeAssignment(hex('0000 0000'))).toThrow(ProtocolDecodeError);
  });
});

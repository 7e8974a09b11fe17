import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotLeaderError } from '../../../../engine/cluster/raft/raft-node.js';
import { asBrokerId } from '../../../../engine/types.js';
import { tempDir, waitFor } from '../helpers.js';
import { entry, Quorum } from './quorum-harness.js';

const voters = [1, 2, 3].map(asBrokerId);

describe('RaftNode', () => {
  let dir: { dir: string; remove: () => void };
  let quorum: Quorum;

  beforeEach(() => {
    dir = tempDir('raft');
    quorum = new Quorum(dir.dir, voters, 42);
  });
  afterEach(() => {
    quorum.stopAll();
    dir.remove();
  });

  const startAll = (): void => {
    for (const id of voters) quorum.start(id);
  };
  const electedLeader = () =>
    waitFor(
      () => {
        const leader = quorum.leader();
        // Every node agrees on the leader and its epoch.
        const agreed = [...quorum.nodes.values()].every(
          (n) =>
            n.raft.leader.leaderId === leader?.leader.leaderId &&
            n.raft.leader.epoch === leader?.leader.epoch,
        );
        return agreed ? leader : undefined;
      },
      { what: 'an agreed leader' },
    );

  it('elects one leader that every voter follows', async () => {
    startAll();
    const leader = await electedLeader();
    expect([...quorum.nodes.values()].filter((n) => n.raft.currentRole === 'leader')).toHaveLength(1);
    expect(leader.leader.epoch).toBeGreaterThanOrEqual(1);
  });

  it('a single voter elects itself and commits alone', async () => {
    quorum = new Quorum(dir.dir, [asBrokerId(1)], 7);
    const raft = quorum.start(1);
    await waitFor(() => raft.currentRole === 'leader');
    const { lastOffset } = raft.append([entry('a')]);
    await waitFor(() => raft.committedOffset > lastOffset);
    expect(quorum.committed(1)).toEqual(['a']);
  });

  it('commits entries once a majority has them, and every node ends with the same log', async () => {
    startAll();
    const leader = await electedLeader();
    for (let i = 0; i < 20; i++) leader.append([entry(`e${i}`), entry(`f${i}`)]);
    const end = leader.raftLog.endOffset;
    await waitFor(() => voters.every((id) => quorum.raft(id).committedOffset === end), {
      what: 'commit everywhere',
    });
    const expected = Array.from({ length: 20 }, (_, i) => [`e${i}`, `f${i}`]).flat();
    for (const id of voters) expect(quorum.committed(id)).toEqual(expected);
  });

  it('only the leader appends', async () => {
    startAll();
    const leader = await electedLeader();
    const follower = voters.find((id) => id !== leader.leader.leaderId) as number;
    expect(() => quorum.raft(follower).append([entry('x')])).toThrow(NotLeaderError);
  });

  it('a leader cut off from the majority cannot commit, resigns, and truncates its uncommitted entries on return', async () => {
    startAll();
    const old = await electedLeader();
    const oldId = old.leader.leaderId as number;
    const oldEpoch = old.leader.epoch;
    old.append([entry('committed')]);
    await waitFor(() => voters.every((id) => quorum.committed(id).includes('committed')));

    quorum.isolate(oldId);
    const lost = old.append([entry('lost-1'), entry('lost-2')]);
    const others = voters.filter((id) => id !== oldId);
    const successor = await waitFor(
      () =>
        others
          .map((id) => quorum.raft(id))
          .find((r) => r.currentRole === 'leader' && r.leader.epoch > oldEpoch),
      { what: 'a new leader among the majority' },
    );
    // The isolated leader never committed its entries: a minority has no quorum.
    expect(old.committedOffset).toBeLessThanOrEqual(lost.firstOffset);
    await waitFor(() => old.currentRole !== 'leader', { what: 'the cut-off leader to resign' });
    successor.append([entry('new')]);

    quorum.heal(oldId);
    await waitFor(() => quorum.committed(oldId).includes('new'), { what: 'the old leader to catch up' });
    expect(quorum.committed(oldId)).toEqual(['committed', 'new']);
    expect(old.leader.leaderId).toBe(successor.leader.leaderId);
  });

  it('pre-vote: a follower cut off and healed does not disrupt the leader', async () => {
    startAll();
    const leader = await electedLeader();
    const epoch = leader.leader.epoch;
    const follower = voters.find((id) => id !== leader.leader.leaderId) as number;
    quorum.isolate(follower);
    // Long enough for several of its fetch timeouts and pre-vote rounds.
    await waitFor(() => quorum.raft(follower).currentRole === 'prospective', {
      what: 'the follower to campaign',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(quorum.raft(follower).leader.epoch).toBe(epoch);
    quorum.heal(follower);
    await waitFor(() => quorum.raft(follower).currentRole === 'follower', { what: 'the follower to rejoin' });
    expect(leader.currentRole).toBe('leader');
    expect(leader.leader.epoch).toBe(epoch);
  });

  it('a restarted voter keeps its epoch and log, and finds the leader', async () => {
    startAll();
    const leader = await electedLeader();
    leader.append([entry('before')]);
    const follower = voters.find((id) => id !== leader.leader.leaderId) as number;
    await waitFor(() => quorum.committed(follower).includes('before'));
    const epoch = quorum.raft(follower).leader.epoch;
    quorum.stop(follower);
    leader.append([entry('while-down')]);
    const restarted = quorum.start(follower);
    expect(restarted.leader.epoch).toBe(epoch);
    await waitFor(() => quorum.committed(follower).includes('while-down'));
    expect(quorum.committed(follower)).toEqual(['before', 'while-down']);
  });

  it('a replica behind the leader log start loads the snapshot', async () => {
    startAll();
    const leader = await electedLeader();
    const follower = voters.find((id) => id !== leader.leader.leaderId) as number;
    quorum.stop(follower);
    for (let i = 0; i < 10; i++) leader.append([entry(`old${i}`)]);
    await waitFor(() => leader.committedOffset === leader.raftLog.endOffset);
    const snapshotId = { endOffset: leader.committedOffset, epoch: leader.leader.epoch };
    leader.raftLog.createSnapshot(snapshotId, Buffer.from('the state'));
    expect(leader.raftLog.startOffset).toBe(snapshotId.endOffset);
    leader.append([entry('after')]);

    const restarted = quorum.start(follower);
    let installed = false;
    restarted.onSnapshotInstalled(() => (installed = true));
    await waitFor(
      () =>
        restarted.raftLog.endOffset === leader.raftLog.endOffset &&
        restarted.committedOffset === leader.committedOffset,
    );
    expect(installed).toBe(true);
    expect(restarted.raftLog.latestSnapshot()).toEqual(snapshotId);
    expect(restarted.raftLog.readSnapshot(snapshotId)?.toString()).toBe('the state');
  });

  it('an observer follows the leader without voting', async () => {
    quorum = new Quorum(dir.dir, voters, 11);
    startAll();
    const observer = quorum.start(4);
    const leader = await electedLeader();
    leader.append([entry('seen')]);
    await waitFor(() => quorum.committed(4).includes('seen'));
    expect(observer.isVoter).toBe(false);
    expect(observer.currentRole).toBe('follower');
  });
});

/**
 * The persisted part of a node's quorum state, Kafka's `quorum-state` file: the latest epoch this
 * node knows, the leader of that epoch if known, and whom it voted for in it. Raft's safety rests
 * on this file: a node must never vote twice in one epoch, even across a crash, so every change is
 * written before the node acts on it.
 *
 * Format: one JSON object, `{"data_version":0,"leaderEpoch":5,"leaderId":2,"votedId":-1}`,
 * replaced atomically (write to `quorum-state.tmp`, fsync, rename over, fsync the directory).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ElectionState {
  readonly leaderEpoch: number;
  /** -1 when no leader is known in leaderEpoch. */
  readonly leaderId: number;
  /** -1 when this node has not voted in leaderEpoch. */
  readonly votedId: number;
}

export const QUORUM_STATE_FILE = 'quorum-state';

export class QuorumStateStore {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, QUORUM_STATE_FILE);
  }

  /** The stored state, or epoch 0 with no leader and no vote on a fresh node. */
  read(): ElectionState {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return { leaderEpoch: 0, leaderId: -1, votedId: -1 };
      throw err;
    }
    const parsed = JSON.parse(text) as Partial<ElectionState> & { data_version?: number };
    if (parsed.data_version !== 0 || typeof parsed.leaderEpoch !== 'number') {
      throw new Error(`${this.file}: unsupported quorum state ${text}`);
    }
    return {
      leaderEpoch: parsed.leaderEpoch,
      leaderId: parsed.leaderId ?? -1,
      votedId: parsed.votedId ?? -1,
    };
  }

  write(state: ElectionState): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ data_version: 0, ...state }));
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}

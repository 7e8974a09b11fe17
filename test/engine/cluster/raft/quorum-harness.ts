/**
 * A metadata quorum of real RaftNodes over real metadata logs in a temp dir, linked by the
 * in-process transport, for the Raft tests. Entries are small strings.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InProcessTransport, senderFor } from '../../../../engine/cluster/links.js';
import { encodeMetadataRecord } from '../../../../engine/cluster/metadata/records.js';
import type { RaftMessages } from '../../../../engine/cluster/raft/messages.js';
import { MetadataLog } from '../../../../engine/cluster/raft/metadata-log.js';
import { QuorumStateStore } from '../../../../engine/cluster/raft/quorum-state-store.js';
import { RaftNode } from '../../../../engine/cluster/raft/raft-node.js';
import { seededRandom } from '../../../../engine/cluster/random.js';
import { asBrokerId, type BrokerId } from '../../../../engine/types.js';
import { systemClock } from '../../../../engine/util/clock.js';

/**
 * Short, but well above what a transition costs here: each persists the quorum state with two
 * fsyncs (several ms each on a VM disk), and every node shares one event loop.
 */
export const timing = {
  electionTimeoutMs: 100,
  electionBackoffMaxMs: 100,
  fetchTimeoutMs: 300,
  requestTimeoutMs: 300,
};

export class Quorum {
  readonly transport: InProcessTransport<RaftMessages>;
  readonly nodes = new Map<BrokerId, { raft: RaftNode; log: MetadataLog }>();
  private readonly random;

  constructor(
    private readonly dir: string,
    readonly voters: readonly BrokerId[],
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.transport = new InProcessTransport(this.random.fork('links'));
  }

  start(id: number): RaftNode {
    const brokerId = asBrokerId(id);
    const nodeDir = join(this.dir, `node-${id}`);
    mkdirSync(nodeDir, { recursive: true });
    const log = MetadataLog.open(nodeDir, { segmentBytes: 1 << 20 });
    const raft = new RaftNode(
      { clusterId: 'test-cluster', nodeId: brokerId, voters: this.voters, fetchMaxBytes: 1 << 20, ...timing },
      log,
      new QuorumStateStore(join(nodeDir, '__cluster_metadata-0')),
      senderFor(this.transport, brokerId),
      this.random.fork(`raft-${id}`),
      systemClock,
      (leaderId, epoch) => encodeMetadataRecord({ type: 'LeaderChange', leaderId, epoch }),
    );
    this.transport.attach(brokerId, raft.handlers);
    this.nodes.set(brokerId, { raft, log });
    raft.start();
    return raft;
  }

  stop(id: number, graceful = false): void {
    const node = this.nodes.get(asBrokerId(id));
    if (!node) return;
    node.raft.stop(graceful);
    this.transport.detach(asBrokerId(id));
    node.log.close();
    this.nodes.delete(asBrokerId(id));
  }

  stopAll(): void {
    for (const id of [...this.nodes.keys()]) this.stop(id);
  }

  raft(id: number): RaftNode {
    const node = this.nodes.get(asBrokerId(id));
    if (!node) throw new Error(`node ${id} is not running`);
    return node.raft;
  }

  /** The node that leads with the highest epoch, if any. */
  leader(): RaftNode | undefined {
    const leaders = [...this.nodes.values()].map((n) => n.raft).filter((r) => r.currentRole === 'leader');
    return leaders.sort((a, b) => b.leader.epoch - a.leader.epoch)[0];
  }

  /** The committed entries of a node, as strings. */
  committed(id: number): string[] {
    const raft = this.raft(id);
    return raft.raftLog
      .readBatches(0, raft.committedOffset)
      .flatMap((b) => b.values.map((v) => v.toString('utf8')))
      .filter((v) => !v.includes('LeaderChange'));
  }

  /** Cuts every link between `id` and the other nodes, both ways. */
  isolate(id: number): void {
    this.transport.impair(`isolate-${id}`, [
      { from: asBrokerId(id), to: null, cut: true },
      { from: null, to: asBrokerId(id), cut: true },
    ]);
  }

  heal(id: number): void {
    this.transport.clearImpairment(`isolate-${id}`);
  }
}

export const entry = (text: string): Buffer => Buffer.from(text, 'utf8');

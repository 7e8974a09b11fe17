/**
 * Turns committed metadata changes into cluster events: controller changes, fencing, leader and
 * ISR changes, partitions going offline and online, topics and configs, and the under-replicated
 * count. Every broker reports the changes it applies; each record offset is reported once,
 * by whichever broker applies it first, so every event is a decision the quorum committed.
 * History replayed at start (offsets below `fromOffset`) is not reported again.
 */
import { asLeaderEpoch, type BrokerId } from '../types.js';
import type { EventLog } from './events.js';
import type { MetadataChange, MetadataImage } from './metadata/image.js';
import type { OffsetChange } from './metadata/loader.js';

export function countUnderReplicated(image: MetadataImage): number {
  let count = 0;
  for (const topic of image.topics()) {
    for (const p of topic.partitions.values()) if (p.isr.length < p.replicas.length) count++;
  }
  return count;
}

export class MetadataEvents {
  private underReplicated: number | null = null;
  private controllerId: BrokerId | -1 = -1;

  constructor(
    private readonly events: EventLog,
    /** The first offset not yet reported. */
    private nextOffset: number,
  ) {}

  observe(image: MetadataImage, changes: readonly OffsetChange[] | null): void {
    if (changes === null) return;
    let advanced = false;
    for (const { offset, change } of changes) {
      if (offset < this.nextOffset) continue;
      this.nextOffset = offset + 1;
      advanced = true;
      this.report(image, change);
    }
    if (!advanced) return;
    const count = countUnderReplicated(image);
    if (this.underReplicated !== null && count !== this.underReplicated) {
      this.events.emit({ type: 'under-replicated-changed', count, previous: this.underReplicated });
    }
    this.underReplicated = count;
  }

  private report(image: MetadataImage, change: MetadataChange): void {
    const events = this.events;
    switch (change.kind) {
      case 'leader-change':
        events.emit({
          type: 'controller-changed',
          controllerId: change.leaderId,
          previousControllerId: this.controllerId,
          epoch: change.epoch,
        });
        this.controllerId = change.leaderId;
        return;
      case 'broker': {
        // A first registration is not news: the broker is fenced until it has caught up, and
        // its unfencing is reported. A new incarnation replacing a live one fences that one.
        const { before, after } = change;
        if (before && !before.fenced && after.fenced)
          events.emit({ type: 'broker-fenced', brokerId: change.brokerId });
        else if (before?.fenced !== false && !after.fenced) {
          events.emit({ type: 'broker-unfenced', brokerId: change.brokerId });
        }
        return;
      }
      case 'topic-created':
        events.emit({
          type: 'topic-created',
          topic: change.topic.name,
          topicId: change.topic.topicId,
          partitions: image.topicById(change.topic.topicId)?.partitions.size ?? change.topic.partitions.size,
        });
        return;
      case 'topic-removed':
        events.emit({ type: 'topic-deleted', topic: change.topic.name, topicId: change.topic.topicId });
        return;
      case 'config':
        events.emit({
          type: 'config-changed',
          resourceType: change.resourceType,
          resourceName: change.resourceName,
          name: change.name,
          value: change.value,
        });
        return;
      case 'partition': {
        const { before, after } = change;
        if (!before) return;
        const ref = { topic: change.topic, partition: change.partition };
        if (before.leader !== after.leader) {
          events.emit({
            type: 'leader-changed',
            ...ref,
            oldLeader: before.leader,
            newLeader: after.leader,
            leaderEpoch: asLeaderEpoch(after.leaderEpoch),
            unclean: after.leader !== -1 && !before.isr.includes(after.leader),
          });
          if (after.leader === -1) events.emit({ type: 'partition-offline', ...ref });
          else if (before.leader === -1) events.emit({ type: 'partition-online', ...ref });
        }
        const removed = before.isr.filter((id) => !after.isr.includes(id));
        const added = after.isr.filter((id) => !before.isr.includes(id));
        if (removed.length > 0) events.emit({ type: 'isr-shrunk', ...ref, isr: after.isr, changed: removed });
        if (added.length > 0) events.emit({ type: 'isr-expanded', ...ref, isr: after.isr, changed: added });
        return;
      }
      case 'producer-ids':
        return;
    }
  }
}

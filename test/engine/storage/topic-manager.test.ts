import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../engine/protocol/errors.js';
import { InvalidConfigError } from '../../../engine/storage/log-config.js';
import {
  InvalidTopicError,
  TopicExistsError,
  TopicManager,
  UnknownTopicError,
} from '../../../engine/storage/topic-manager.js';
import { asLeaderEpoch } from '../../../engine/types.js';
import { batchOf, readAll, tempDir, values } from './helpers.js';

describe('topic manager', () => {
  it('creates topics with partitions and configs, and finds them again after a restart', async () => {
    const dataDir = tempDir();
    const manager = TopicManager.open({ dataDir });
    const created = manager.createTopic('orders', 3, {
      'cleanup.policy': 'compact',
      'segment.bytes': '2097152',
    });
    expect(created.topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(
      readdirSync(dataDir)
        .filter((d) => d.startsWith('orders-'))
        .sort(),
    ).toEqual(['orders-0', 'orders-1', 'orders-2']);
    const log = manager.log({ topic: 'orders', partition: 1 });
    expect(log?.config.cleanupPolicy).toEqual({ delete: false, compact: true });
    log?.appendAsLeader(await batchOf(['hello']), asLeaderEpoch(0));
    manager.close();

    const reopened = TopicManager.open({ dataDir });
    expect(reopened.topics()).toEqual([created]);
    const again = reopened.log({ topic: 'orders', partition: 1 });
    expect(again?.config.segmentBytes).toBe(2_097_152);
    expect(values(await readAll(again!))).toEqual(['hello']);
    reopened.close();
  });

  it('refuses existing and illegal names, bad partition counts and invalid configs', () => {
    const manager = TopicManager.open({ dataDir: tempDir() });
    manager.createTopic('a', 1);
    expect(() => manager.createTopic('a', 1)).toThrow(TopicExistsError);
    expect(() => manager.createTopic('bad name', 1)).toThrow(InvalidTopicError);
    expect(() => manager.createTopic('x'.repeat(250), 1)).toThrow(InvalidTopicError);
    expect(() => manager.createTopic('..', 1)).toThrow(InvalidTopicError);
    expect(() => manager.createTopic('b', 0)).toThrow(/at least 1/);
    expect(() => manager.createTopic('c', 1, { 'retention.ms': 'soon' })).toThrow(InvalidConfigError);
    expect(manager.topic('c')).toBeUndefined();
    try {
      manager.createTopic('a', 1);
    } catch (e) {
      expect((e as TopicExistsError).code).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    }
    manager.close();
  });

  it('deletes a topic by rename-then-remove and cleans up leftovers on open', () => {
    const dataDir = tempDir();
    const manager = TopicManager.open({ dataDir });
    manager.createTopic('doomed', 2);
    manager.createTopic('kept', 1);
    manager.deleteTopic('doomed');
    expect(readdirSync(dataDir).filter((d) => d.startsWith('doomed'))).toEqual([]);
    expect(() => manager.deleteTopic('doomed')).toThrow(UnknownTopicError);
    manager.close();
    mkdirSync(join(dataDir, 'kept-0.0123456789abcdef0123456789abcdef-delete'));
    const reopened = TopicManager.open({ dataDir });
    expect(reopened.topics().map((t) => t.name)).toEqual(['kept']);
    expect(existsSync(join(dataDir, 'kept-0.0123456789abcdef0123456789abcdef-delete'))).toBe(false);
    reopened.close();
  });

  it('adds partitions and alters configs of live logs', () => {
    const manager = TopicManager.open({ dataDir: tempDir() });
    manager.createTopic('t', 1);
    manager.createPartitions('t', 3);
    expect(manager.log({ topic: 't', partition: 2 })).toBeDefined();
    expect(() => manager.createPartitions('t', 2)).toThrow(/higher than the requested 2/);
    manager.alterConfigs('t', { 'retention.ms': '1000' });
    expect(manager.log({ topic: 't', partition: 0 })?.config.retentionMs).toBe(1000);
    expect(() => manager.alterConfigs('t', { 'retention.ms': 'x' })).toThrow(InvalidConfigError);
    manager.close();
  });
});

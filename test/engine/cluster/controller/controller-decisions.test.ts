import { describe, expect, it } from 'vitest';
import { ConfigSource } from '../../../../engine/broker/services.js';
import { parseClusterConfig } from '../../../../engine/cluster/config.js';
import {
  allocateProducerIds,
  fenceBroker,
  processHeartbeat,
  registerBroker,
} from '../../../../engine/cluster/controller/broker-control.js';
import { alterConfigs, describeConfigs } from '../../../../engine/cluster/controller/config-control.js';
import { alterPartition, electLeaders } from '../../../../engine/cluster/controller/partition-control.js';
import { RecordSink } from '../../../../engine/cluster/controller/record-sink.js';
import {
  createPartitions,
  createTopic,
  deleteTopic,
} from '../../../../engine/cluster/controller/topic-control.js';
import { MetadataImage } from '../../../../engine/cluster/metadata/image.js';
import { seededRandom } from '../../../../engine/cluster/random.js';
import { ErrorCode } from '../../../../engine/protocol/errors.js';
import { asBrokerId, type BrokerId } from '../../../../engine/types.js';

const settings = parseClusterConfig({}, 3);
const b = asBrokerId;

/** An image with brokers 1..3 registered and unfenced, built through the controller's own operations. */
function cluster(): { image: MetadataImage; sink: () => RecordSink; epochs: Map<BrokerId, number> } {
  const image = new MetadataImage();
  const sink = () => new RecordSink(image, image.offset);
  const epochs = new Map<BrokerId, number>();
  for (const id of [1, 2, 3].map(b)) {
    const s = sink();
    const reply = registerBroker(s, settings, 'c', {
      clusterId: 'c',
      brokerId: id,
      incarnationId: `i${id}`,
      host: 'h',
      port: 9000 + id,
      rack: null,
    });
    image.advanceTo(s.nextOffset);
    epochs.set(id, reply.brokerEpoch);
  }
  for (const id of [1, 2, 3].map(b)) {
    const s = sink();
    processHeartbeat(
      s,
      settings,
      {
        brokerId: id,
        brokerEpoch: epochs.get(id) as number,
        currentMetadataOffset: image.offset,
        wantFence: false,
        wantShutDown: false,
      },
      new Map(),
    );
  }
  return { image, sink, epochs };
}

function topic(image: MetadataImage, sink: () => RecordSink, name: string, assignment: number[][]): string {
  const result = createTopic(
    sink(),
    settings,
    seededRandom(1),
    {
      name,
      numPartitions: -1,
      replicationFactor: -1,
      assignments: assignment.map((brokerIds, partition) => ({ partition, brokerIds: brokerIds.map(b) })),
      configs: {},
    },
    false,
  );
  expect(result.errorCode).toBe(ErrorCode.NONE);
  return result.topicId as string;
}

describe('controller decisions', () => {
  describe('brokers', () => {
    it('a registered broker is fenced until a heartbeat shows it caught up with its registration', () => {
      const image = new MetadataImage();
      const s = new RecordSink(image, 0);
      const { brokerEpoch } = registerBroker(s, settings, 'c', {
        clusterId: 'c',
        brokerId: b(1),
        incarnationId: 'x',
        host: 'h',
        port: 1,
        rack: null,
      });
      expect(image.broker(b(1))?.fenced).toBe(true);
      const behind = processHeartbeat(
        new RecordSink(image, image.offset),
        settings,
        {
          brokerId: b(1),
          brokerEpoch,
          currentMetadataOffset: brokerEpoch,
          wantFence: false,
          wantShutDown: false,
        },
        new Map(),
      );
      expect(behind).toMatchObject({ isFenced: true, isCaughtUp: false });
      const caughtUp = processHeartbeat(
        new RecordSink(image, image.offset),
        settings,
        {
          brokerId: b(1),
          brokerEpoch,
          currentMetadataOffset: brokerEpoch + 1,
          wantFence: false,
          wantShutDown: false,
        },
        new Map(),
      );
      expect(caughtUp).toMatchObject({ isFenced: false, isCaughtUp: true });
      expect(image.broker(b(1))?.fenced).toBe(false);
    });

    it('refuses another cluster, and heartbeats from an old registration (STALE_BROKER_EPOCH)', () => {
      const { image, sink, epochs } = cluster();
      expect(
        registerBroker(sink(), settings, 'c', {
          clusterId: 'other',
          brokerId: b(1),
          incarnationId: 'y',
          host: 'h',
          port: 1,
          rack: null,
        }).errorCode,
      ).toBe(ErrorCode.INCONSISTENT_CLUSTER_ID);
      const stale = processHeartbeat(
        sink(),
        settings,
        {
          brokerId: b(1),
          brokerEpoch: (epochs.get(b(1)) as number) - 1,
          currentMetadataOffset: image.offset,
          wantFence: false,
          wantShutDown: false,
        },
        new Map(),
      );
      expect(stale.errorCode).toBe(ErrorCode.STALE_BROKER_EPOCH);
    });

    it('a new incarnation replaces the old one: its leaderships move and it leaves every ISR', () => {
      const { image, sink } = cluster();
      const id = topic(image, sink, 't', [[1, 2, 3]]);
      registerBroker(sink(), settings, 'c', {
        clusterId: 'c',
        brokerId: b(1),
        incarnationId: 'restarted',
        host: 'h',
        port: 1,
        rack: null,
      });
      expect(image.topicById(id)?.partitions.get(0)).toMatchObject({
        leader: 2,
        isr: [2, 3],
        leaderEpoch: 1,
      });
      expect(image.broker(b(1))?.fenced).toBe(true);
    });

    it('fencing moves leadership; unfencing gives leaderless partitions a leader again', () => {
      const { image, sink, epochs } = cluster();
      const id = topic(image, sink, 't', [[1]]);
      fenceBroker(sink(), settings, b(1));
      expect(image.topicById(id)?.partitions.get(0)).toMatchObject({ leader: -1, isr: [1] });
      processHeartbeat(
        sink(),
        settings,
        {
          brokerId: b(1),
          brokerEpoch: epochs.get(b(1)) as number,
          currentMetadataOffset: image.offset,
          wantFence: false,
          wantShutDown: false,
        },
        new Map(),
      );
      expect(image.topicById(id)?.partitions.get(0)).toMatchObject({ leader: 1, isr: [1] });
    });

    it('controlled shutdown: leaderships move first, and the broker may stop once it has seen that', () => {
      const { image, sink, epochs } = cluster();
      const id = topic(image, sink, 't', [[1, 2]]);
      const offsets = new Map<BrokerId, number>();
      const ask = (offset: number) =>
        processHeartbeat(
          sink(),
          settings,
          {
            brokerId: b(1),
            brokerEpoch: epochs.get(b(1)) as number,
            currentMetadataOffset: offset,
            wantFence: false,
            wantShutDown: true,
          },
          offsets,
        );
      expect(ask(image.offset).shouldShutDown).toBe(false);
      expect(image.topicById(id)?.partitions.get(0)).toMatchObject({ leader: 2, isr: [2] });
      expect(image.broker(b(1))?.inControlledShutdown).toBe(true);
      expect(ask(image.offset - 1).shouldShutDown).toBe(false);
      expect(ask(image.offset)).toMatchObject({ shouldShutDown: true, isFenced: true });
    });

    it('hands out disjoint producer-id blocks', () => {
      const { sink, epochs } = cluster();
      const first = allocateProducerIds(sink(), { brokerId: b(1), brokerEpoch: epochs.get(b(1)) as number });
      const second = allocateProducerIds(sink(), { brokerId: b(2), brokerEpoch: epochs.get(b(2)) as number });
      expect(second.producerIdStart).toBe(first.producerIdStart + first.producerIdLen);
    });
  });

  describe('AlterPartition', () => {
    const setUp = () => {
      const c = cluster();
      const topicId = topic(c.image, c.sink, 't', [[1, 2, 3]]);
      const current = () => c.image.topicById(topicId)?.partitions.get(0);
      const request = (newIsr: number[], overrides: object = {}) => ({
        brokerId: b(1),
        brokerEpoch: c.epochs.get(b(1)) as number,
        topicId,
        partition: 0,
        leaderEpoch: current()?.leaderEpoch as number,
        partitionEpoch: current()?.partitionEpoch as number,
        newIsr: newIsr.map(b),
        ...overrides,
      });
      return { ...c, current, request };
    };

    it('applies a leader shrinking its ISR and answers the new partition epoch', () => {
      const { sink, request, current } = setUp();
      const before = current()?.partitionEpoch as number;
      const reply = alterPartition(sink(), request([1, 2]));
      expect(reply).toMatchObject({
        errorCode: ErrorCode.NONE,
        isr: [1, 2],
        partitionEpoch: before + 1,
        leaderEpoch: 0,
      });
    });

    it('refuses an old leader epoch, an old partition epoch, a non-leader, and a fenced replica joining', () => {
      const { sink, request, epochs, image } = setUp();
      expect(alterPartition(sink(), request([1, 2], { leaderEpoch: -1 })).errorCode).toBe(
        ErrorCode.FENCED_LEADER_EPOCH,
      );
      expect(alterPartition(sink(), request([1, 2], { partitionEpoch: 99 })).errorCode).toBe(
        ErrorCode.INVALID_UPDATE_VERSION,
      );
      expect(
        alterPartition(sink(), request([2, 3], { brokerId: b(2), brokerEpoch: epochs.get(b(2)) })).errorCode,
      ).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
      expect(alterPartition(sink(), request([1, 4])).errorCode).toBe(ErrorCode.INVALID_REQUEST);
      expect(alterPartition(sink(), request([1, 2])).errorCode).toBe(ErrorCode.NONE);
      fenceBroker(sink(), settings, b(3));
      expect(image.broker(b(3))?.fenced).toBe(true);
      expect(alterPartition(sink(), request([1, 2, 3])).errorCode).toBe(ErrorCode.INELIGIBLE_REPLICA);
    });
  });

  describe('topics', () => {
    const spec = (
      name: string,
      numPartitions: number,
      replicationFactor: number,
      configs: Record<string, string | null> = {},
    ) => ({
      name,
      numPartitions,
      replicationFactor,
      assignments: [],
      configs,
    });

    it("validates names, counts and configs with Kafka's errors", () => {
      const { sink } = cluster();
      const create = (s: ReturnType<typeof spec>) => createTopic(sink(), settings, seededRandom(1), s, false);
      expect(create(spec('ok', 2, 3)).errorCode).toBe(ErrorCode.NONE);
      expect(create(spec('ok', 2, 3)).errorCode).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
      expect(create(spec('o.k', 1, 1)).errorCode).toBe(ErrorCode.NONE);
      expect(create(spec('o_k', 1, 1))).toMatchObject({
        errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
        errorMessage: "Topic 'o_k' collides with existing topic: o.k",
      });
      expect(create(spec('bad name', 1, 1)).errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
      expect(create(spec('zero', 0, 1)).errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
      expect(create(spec('rf', 1, 4)).errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
      expect(create(spec('cfg', 1, 1, { 'retention.ms': 'soon' })).errorCode).toBe(ErrorCode.INVALID_CONFIG);
      expect(create(spec('cfg', 1, 1, { 'no.such.config': '1' })).errorCode).toBe(ErrorCode.INVALID_CONFIG);
      expect(create(spec('defaults', -1, -1))).toMatchObject({
        errorCode: ErrorCode.NONE,
        numPartitions: 1,
        replicationFactor: 3,
      });
    });

    it('validateOnly writes nothing', () => {
      const { image, sink } = cluster();
      const before = image.offset;
      const s = sink();
      expect(createTopic(s, settings, seededRandom(1), spec('dry', 1, 1), true).errorCode).toBe(
        ErrorCode.NONE,
      );
      expect(s.records).toEqual([]);
      expect(image.topicByName('dry')).toBeUndefined();
      expect(image.offset).toBe(before);
    });

    it('deletes by name or id, and adds partitions only upwards', () => {
      const { image, sink } = cluster();
      const id = topic(image, sink, 'grow', [[1], [2]]);
      expect(
        createPartitions(sink(), seededRandom(2), { topic: 'grow', count: 2, assignments: [] }, false)
          .errorCode,
      ).toBe(ErrorCode.INVALID_PARTITIONS);
      expect(
        createPartitions(sink(), seededRandom(2), { topic: 'grow', count: 4, assignments: [] }, false)
          .errorCode,
      ).toBe(ErrorCode.NONE);
      expect(image.topicById(id)?.partitions.size).toBe(4);
      expect(deleteTopic(sink(), { name: null, topicId: 'nope' }).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
      expect(deleteTopic(sink(), { name: null, topicId: id }).errorCode).toBe(ErrorCode.NONE);
      expect(image.topicByName('grow')).toBeUndefined();
      expect(deleteTopic(sink(), { name: 'grow', topicId: null }).errorCode).toBe(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      );
    });
  });

  describe('configs', () => {
    it('incremental set, append and subtract on a topic; invalid values refused naming the key', () => {
      const { image, sink } = cluster();
      topic(image, sink, 't', [[1]]);
      const alter = (
        changes: { name: string; value: string | null; op: 'set' | 'delete' | 'append' | 'subtract' }[],
      ) => alterConfigs(sink(), settings, { type: 'topic', name: 't', changes, incremental: true }, false);
      expect(alter([{ name: 'cleanup.policy', value: 'delete', op: 'set' }]).errorCode).toBe(ErrorCode.NONE);
      expect(alter([{ name: 'cleanup.policy', value: 'compact', op: 'append' }]).errorCode).toBe(
        ErrorCode.NONE,
      );
      expect(image.configs('topic', 't').get('cleanup.policy')).toBe('delete,compact');
      expect(alter([{ name: 'cleanup.policy', value: 'delete', op: 'subtract' }]).errorCode).toBe(
        ErrorCode.NONE,
      );
      expect(image.configs('topic', 't').get('cleanup.policy')).toBe('compact');
      const refused = alter([{ name: 'min.insync.replicas', value: 'two', op: 'set' }]);
      expect(refused.errorCode).toBe(ErrorCode.INVALID_CONFIG);
      expect(refused.errorMessage).toContain('min.insync.replicas');
    });

    it('non-incremental AlterConfigs replaces every override', () => {
      const { image, sink } = cluster();
      topic(image, sink, 't', [[1]]);
      alterConfigs(
        sink(),
        settings,
        {
          type: 'topic',
          name: 't',
          changes: [{ name: 'retention.ms', value: '1000', op: 'set' }],
          incremental: false,
        },
        false,
      );
      alterConfigs(
        sink(),
        settings,
        {
          type: 'topic',
          name: 't',
          changes: [{ name: 'retention.bytes', value: '1000', op: 'set' }],
          incremental: false,
        },
        false,
      );
      expect(Object.fromEntries(image.configs('topic', 't'))).toEqual({ 'retention.bytes': '1000' });
    });

    it('broker-level topic defaults are dynamic and show as such; cluster settings are read-only', () => {
      const { image, sink } = cluster();
      topic(image, sink, 't', [[1]]);
      expect(
        alterConfigs(
          sink(),
          settings,
          {
            type: 'broker',
            name: '',
            changes: [{ name: 'log.retention.ms', value: '5000', op: 'set' }],
            incremental: true,
          },
          false,
        ).errorCode,
      ).toBe(ErrorCode.NONE);
      expect(
        alterConfigs(
          sink(),
          settings,
          {
            type: 'broker',
            name: '',
            changes: [{ name: 'broker.session.timeout.ms', value: '5', op: 'set' }],
            incremental: true,
          },
          false,
        ).errorCode,
      ).toBe(ErrorCode.INVALID_CONFIG);
      const [topicConfigs] = describeConfigs(
        image,
        settings,
        [{ type: 'topic', name: 't', keys: ['retention.ms'] }],
        { includeSynonyms: true, includeDocumentation: false },
      );
      expect(topicConfigs?.configs[0]).toMatchObject({ name: 'retention.ms', value: '5000', source: 3 });
      const [broker] = describeConfigs(
        image,
        settings,
        [{ type: 'broker', name: '1', keys: ['broker.session.timeout.ms'] }],
        { includeSynonyms: false, includeDocumentation: false },
      );
      expect(broker?.configs[0]).toMatchObject({ value: '1500', readOnly: true });
      const [retention] = describeConfigs(
        image,
        settings,
        [
          {
            type: 'broker',
            name: '1',
            keys: ['log.retention.hours', 'log.retention.minutes', 'message.max.bytes'],
          },
        ],
        { includeSynonyms: false, includeDocumentation: false },
      );
      // As Kafka 4 describes them: retention hours and minutes read-only (168 hours by default, minutes
      // unset); message.max.bytes once only, and alterable.
      expect(retention?.configs).toMatchObject([
        { name: 'log.retention.hours', value: '168', readOnly: true, source: ConfigSource.DEFAULT_CONFIG },
        { name: 'log.retention.minutes', value: null, readOnly: true, source: ConfigSource.DEFAULT_CONFIG },
        { name: 'message.max.bytes', value: '1048588', readOnly: false, source: ConfigSource.DEFAULT_CONFIG },
      ]);
    });
  });

  describe('ElectLeaders', () => {
    it('preferred: moves leadership back, or says why not', () => {
      const { image, sink } = cluster();
      const id = topic(image, sink, 't', [[1, 2]]);
      fenceBroker(sink(), settings, b(1));
      const tp = { topic: 't', partition: 0 };
      expect(electLeaders(sink(), settings, [tp], 0)[0]?.errorCode).toBe(
        ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
      );
      expect(electLeaders(sink(), settings, [{ topic: 't', partition: 7 }], 0)[0]?.errorCode).toBe(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      );
      expect(image.topicById(id)?.partitions.get(0)?.leader).toBe(2);
      expect(electLeaders(sink(), settings, [tp], 1)[0]?.errorCode).toBe(ErrorCode.ELECTION_NOT_NEEDED);
    });
  });
});

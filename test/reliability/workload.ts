/**
 * The load the reliability checkers put on a cluster, through kafkajs (a real client over the
 * wire): producers with acks=all, one of them idempotent, writing numbered records to chosen
 * partitions one request at a time, and a consumer group that reads and commits as it goes.
 * Everything acknowledged is remembered with its partition and offset, so a check can hold the
 * cluster to it afterwards.
 *
 * A record's value is `<producer>.<incarnation>.<sequence>`. When a send fails the idempotent
 * producer is replaced by a new one (a new producer id, the next incarnation), as an application
 * must do: its sequence numbers are no longer certain, and reusing them could make the broker
 * drop a new record as a duplicate of one that did land.
 */
import kafkajs, { type Consumer, type Kafka, type Producer } from 'kafkajs';

export interface AckedRecord {
  readonly value: string;
  readonly partition: number;
  readonly offset: number;
}

export interface ProducerTally {
  readonly name: string;
  readonly idempotent: boolean;
  readonly acked: AckedRecord[];
  /** Values sent whose send failed: they may or may not be in the log. */
  readonly uncertain: string[];
  /** Failed sends (each may cover several records). */
  failures: number;
  incarnations: number;
}

export function kafkaOf(bootstrap: readonly string[], clientId: string): Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: [...bootstrap],
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 8, initialRetryTime: 50, maxRetryTime: 500 },
  });
}

export function parseValue(value: string): { producer: string; incarnation: number; sequence: number } {
  const [producer, incarnation, sequence] = value.split('.');
  return { producer: producer!, incarnation: Number(incarnation), sequence: Number(sequence) };
}

/** A producer loop: batches of 1–4 records to partitions in turn until `stop` is called. */
export class ProducerLoop {
  readonly tally: ProducerTally;
  private producer: Producer | undefined;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly partitions: number,
    name: string,
    idempotent: boolean,
  ) {
    this.tally = { name, idempotent, acked: [], uncertain: [], failures: 0, incarnations: 0 };
    this.done = this.run();
  }

  /** Stops after the request in flight and disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: this.tally.idempotent,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 8, initialRetryTime: 50, maxRetryTime: 500 },
    });
    await producer.connect();
    this.tally.incarnations++;
    return producer;
  }

  private async run(): Promise<void> {
    let sequence = 0;
    let request = 0;
    while (!this.stopped) {
      try {
        this.producer ??= await this.connect();
      } catch {
        await pause(100);
        continue;
      }
      const partition = request++ % this.partitions;
      const count = 1 + (request % 4);
      const values = Array.from(
        { length: count },
        () => `${this.tally.name}.${this.tally.incarnations}.${sequence++}`,
      );
      try {
        const [meta] = await this.producer.send({
          topic: this.topic,
          acks: -1,
          timeout: 3000,
          messages: values.map((value) => ({ partition, value })),
        });
        if (meta === undefined || meta.baseOffset === undefined)
          throw new Error('no base offset in the answer');
        const base = Number(meta.baseOffset);
        values.forEach((value, i) => this.tally.acked.push({ value, partition, offset: base + i }));
      } catch {
        this.tally.failures++;
        this.tally.uncertain.push(...values);
        if (this.tally.idempotent) await this.replace();
      }
    }
    await this.producer?.disconnect().catch(() => {});
  }

  private async replace(): Promise<void> {
    const old = this.producer;
    this.producer = undefined;
    await old?.disconnect().catch(() => {});
  }
}

/** Group members reading a topic from the beginning, committing after each batch. */
export class GroupReaders {
  /** Every value any member handed to the application (a value may come twice: at least once). */
  readonly seen = new Set<string>();
  /** The last few times a member's run loop crashed (kafkajs restarts it when it can). */
  readonly crashes: string[] = [];
  private readonly consumers: Consumer[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    readonly groupId: string,
  ) {}

  async start(members: number): Promise<void> {
    for (let i = 0; i < members; i++) {
      const consumer = this.kafka.consumer({
        groupId: this.groupId,
        sessionTimeout: 3000,
        heartbeatInterval: 300,
        rebalanceTimeout: 4000,
        maxWaitTimeInMs: 200,
        retry: { retries: 30, initialRetryTime: 50, maxRetryTime: 500 },
      });
      this.consumers.push(consumer);
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        this.crashes.push(`${payload.error.name}: ${payload.error.message} (restart: ${payload.restart})`);
        if (this.crashes.length > 5) this.crashes.shift();
      });
      await consumer.connect();
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value) this.seen.add(message.value.toString());
        },
      });
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.disconnect().catch(() => {})));
  }
}

/**
 * Polls the group's committed offsets through the admin API and notes every time one moves
 * backwards (a committed offset is a promise to the consumer that takes the partition over).
 */
export class CommitWatch {
  readonly latest = new Map<number, number>();
  readonly regressions: string[] = [];
  samples = 0;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
    private readonly intervalMs = 150,
  ) {
    this.done = this.run();
  }

  /** Reads the offsets once now; throws if the cluster cannot answer. */
  async sample(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] });
      for (const { partition, offset } of topic?.partitions ?? []) {
        const now = Number(offset);
        const before = this.latest.get(partition);
        if (before !== undefined && now < before) {
          this.regressions.push(
            `partition ${partition}: committed offset went from ${before} back to ${now}`,
          );
        }
        if (before === undefined || now > before) this.latest.set(partition, now);
      }
      this.samples++;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  /** The group as its coordinator describes it now, for a failure report. */
  async describeGroup(): Promise<string> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const { groups } = await admin.describeGroups([this.groupId]);
      const group = groups[0];
      return `group ${group?.state ?? 'unknown'} with ${group?.members.length ?? 0} members`;
    } catch (err) {
      return `group not described: ${(err as Error).message}`;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.sample().catch(() => {});
      await pause(this.intervalMs);
    }
  }
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Producing from the console: one record (`messages.produce`), and many from templates (the
 * `messages.produceTemplate` job, rendered by host/api/template.ts with a seed so a run can be
 * repeated). Producers are kept per acks and compression, so an idempotent producer's id is
 * asked for once, not per record.
 *
 * A template run goes out in chunks (a few hundred records, or a tenth of a second's worth at a
 * given rate), paced against the run's start so the rate holds on average; cancelling stops
 * after the chunk in flight, and what was sent stays sent.
 */
import { randomInt } from 'node:crypto';
import { decodeBytes } from '../api/bytes.js';
import type { JobResult } from '../api/schemas/jobs.js';
import { templateProblem, templateRun } from '../api/template.js';
import { ApiError, formatPath } from '../api/errors.js';
import type { MethodParsedInput as Input, MethodResult as Result } from '../api/types.js';
import type { ClusterAccess } from '../cluster-access.js';
import { throwIfAborted } from '../kafka-client/errors.js';
import { Producer, type Acks, type ProducerRecord } from '../kafka-client/producer.js';
import { sleep } from '../kafka-client/routing.js';
import type { ProduceTemplateInput, TaskReport } from '../worker/implementation.js';
import { asNotFound } from './errors.js';
import { compressionTypes, type CompressionName } from './records.js';

export const acksValues: Record<'all' | 'leader' | 'none', Acks> = { all: -1, leader: 1, none: 0 };

const CHUNK_RECORDS = 500;

const bytesOf = (encoded: Parameters<typeof decodeBytes>[0] | null): Buffer | null =>
  encoded === null ? null : Buffer.from(decodeBytes(encoded));

export class ConsoleProducers {
  private readonly producers = new Map<string, Producer>();

  constructor(private readonly access: ClusterAccess) {}

  /** The producer for these settings (one per acks and compression). */
  producer(acks: keyof typeof acksValues, compression: CompressionName): Producer {
    const key = `${acks}/${compression}`;
    let producer = this.producers.get(key);
    if (!producer) {
      producer = new Producer(this.access, {
        acks: acksValues[acks],
        compression: compressionTypes[compression],
      });
      this.producers.set(key, producer);
    }
    return producer;
  }

  async produce(input: Input<'messages.produce'>, signal: AbortSignal): Promise<Result<'messages.produce'>> {
    const record: ProducerRecord = {
      key: bytesOf(input.key),
      value: bytesOf(input.value),
      headers: input.headers.map((h) => ({ key: h.key, value: bytesOf(h.value) })),
      ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
      ...(input.partition !== undefined ? { partition: input.partition } : {}),
    };
    const [sent] = await this.producer(input.acks, input.compression)
      .send(input.topic, [record], { signal })
      .catch((e: unknown) => {
        throw asNotFound(e);
      });
    return {
      topic: input.topic,
      partition: sent!.partition,
      offset: sent!.offset,
      timestamp: sent!.timestamp,
    };
  }

  async produceTemplate(
    input: ProduceTemplateInput,
    report: TaskReport,
    signal: AbortSignal,
  ): Promise<Extract<JobResult, { kind: 'produce' }>> {
    const templates: [(string | number)[], string | null][] = [
      [['key'], input.key],
      [['value'], input.value],
      ...input.headers.map((h, i): [(string | number)[], string] => [['headers', i, 'value'], h.value]),
    ];
    const problems = templates.flatMap(([path, template]) => {
      const message = template === null ? null : templateProblem(template);
      return message ? [{ path, message, code: 'custom' }] : [];
    });
    if (problems.length > 0) {
      throw new ApiError(
        'INVALID_INPUT',
        `invalid input for messages.produceTemplate: ${problems.map((p) => `${formatPath(p.path)}: ${p.message}`).join('; ')}`,
        { issues: problems },
      );
    }
    const render = templateRun(
      { key: input.key, value: input.value, headers: input.headers },
      input.seed ?? randomInt(2 ** 31),
    );
    const producer = this.producer(input.acks, input.compression);
    const chunk = input.ratePerSecond
      ? Math.max(1, Math.min(CHUNK_RECORDS, Math.floor(input.ratePerSecond / 10)))
      : CHUNK_RECORDS;
    const started = Date.now();
    const ranges = new Map<number, { firstOffset: number; lastOffset: number }>();
    let produced = 0;
    let bytes = 0;
    report.progress({ records: 0, bytes: 0, totalRecords: input.count });
    while (produced < input.count) {
      throwIfAborted(signal);
      if (input.ratePerSecond) {
        const due = started + (produced / input.ratePerSecond) * 1000;
        if (due > Date.now()) await sleep(due - Date.now(), signal);
      }
      const now = Date.now();
      const records: ProducerRecord[] = [];
      for (let seq = produced; seq < Math.min(input.count, produced + chunk); seq++) {
        const rendered = render(seq, now);
        const record = {
          key: rendered.key === null ? null : Buffer.from(rendered.key, 'utf8'),
          value: rendered.value === null ? null : Buffer.from(rendered.value, 'utf8'),
          headers: rendered.headers.map((h) => ({ key: h.key, value: Buffer.from(h.value, 'utf8') })),
          timestamp: now,
          ...(input.partition !== undefined ? { partition: input.partition } : {}),
        };
        bytes += (record.key?.length ?? 0) + (record.value?.length ?? 0);
        records.push(record);
      }
      const sent = await producer.send(input.topic, records, { signal }).catch((e: unknown) => {
        throw asNotFound(e);
      });
      for (const meta of sent) {
        if (meta.offset === null) continue;
        const range = ranges.get(meta.partition);
        if (!range) ranges.set(meta.partition, { firstOffset: meta.offset, lastOffset: meta.offset });
        else {
          range.firstOffset = Math.min(range.firstOffset, meta.offset);
          range.lastOffset = Math.max(range.lastOffset, meta.offset);
        }
      }
      produced += records.length;
      report.progress({ records: produced, bytes, totalRecords: input.count });
    }
    return {
      kind: 'produce',
      produced,
      partitions: [...ranges]
        .sort(([a], [b]) => a - b)
        .map(([partition, range]) => ({ partition, ...range })),
    };
  }
}

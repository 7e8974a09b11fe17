/**
 * DescribeLogDirs: this broker's log directories with the size of every partition replica in
 * them (consoles use it for topic sizes) and, from v4, the volume's total and usable bytes.
 * Partitions asked for that have no replica here are simply absent, as in Kafka.
 */
import type { DescribeLogDirsResult } from '../../protocol/apis/describe-log-dirs.js';
import * as describeLogDirs from '../../protocol/apis/describe-log-dirs.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';
import { groupByTopic } from './partitions.js';

export default defineHandler({
  api: describeLogDirs,
  async handle(request, context) {
    const partitions =
      request.topics === null
        ? null
        : request.topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
    const dirs = await context.services.replicas.describeLogDirs(partitions);
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      results: dirs.map((dir): DescribeLogDirsResult => ({
        errorCode: dir.errorCode,
        logDir: dir.path,
        topics: groupByTopic(dir.partitions, (p) => p.tp.topic).map(([name, ps]) => ({
          name,
          partitions: ps.map((p) => ({
            partitionIndex: p.tp.partition,
            partitionSize: BigInt(p.sizeInBytes),
            offsetLag: BigInt(p.offsetLag),
            isFutureKey: false,
          })),
        })),
        totalBytes: BigInt(dir.totalBytes),
        usableBytes: BigInt(dir.usableBytes),
        isCordoned: false,
      })),
    };
  },
  errorResponse: (_request, error) => ({ throttleTimeMs: 0, errorCode: error, results: [] }),
});

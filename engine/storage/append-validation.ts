/**
 * The checks a leader makes on a producer's record set beyond its bytes being valid batches
 * (Kafka's LogValidator, at the header level): the set fits a segment, each batch fits
 * max.message.bytes, clients write no control batches, and CreateTime timestamps lie within
 * message.timestamp.before.max.ms / after.max.ms of the broker's clock. Records are not decoded:
 * a batch's base and max timestamps bound what the producer stamped.
 */
import type { BatchHeader } from '../records/batch.js';
import {
  InvalidRecordError,
  InvalidTimestampError,
  RecordListTooLargeError,
  RecordTooLargeError,
} from '../records/errors.js';
import type { LogConfig } from './log-config.js';
import { NEVER } from './log-config.js';
import type { AppendOrigin } from './log-types.js';

export function validateLeaderAppend(
  records: Buffer,
  headers: readonly BatchHeader[],
  origin: AppendOrigin,
  now: number,
  config: LogConfig,
): void {
  if (records.length > config.segmentBytes) {
    throw new RecordListTooLargeError(
      `record set of ${records.length} bytes is larger than the segment size (segment.bytes ${config.segmentBytes})`,
    );
  }
  const checkTimes = config.messageTimestampType === 'CreateTime';
  headers.forEach((header, i) => {
    if (header.sizeInBytes > config.maxMessageBytes) {
      throw new RecordTooLargeError(
        `batch ${i} is ${header.sizeInBytes} bytes, larger than max.message.bytes ${config.maxMessageBytes}`,
        i,
      );
    }
    if (header.isControl && origin === 'client') {
      throw new InvalidRecordError(`batch ${i} is a control batch: clients may not write control records`, i);
    }
    if (checkTimes && !header.isControl) {
      for (const timestamp of [header.baseTimestamp, header.maxTimestamp]) {
        const early =
          config.messageTimestampBeforeMaxMs < NEVER && timestamp < now - config.messageTimestampBeforeMaxMs;
        const late =
          config.messageTimestampAfterMaxMs < NEVER && timestamp > now + config.messageTimestampAfterMaxMs;
        if (early || late) {
          throw new InvalidTimestampError(
            `batch ${i} has timestamp ${timestamp}, outside [now - message.timestamp.before.max.ms, now + message.timestamp.after.max.ms] = [${now - config.messageTimestampBeforeMaxMs}, ${now + config.messageTimestampAfterMaxMs}]`,
            i,
          );
        }
      }
    }
  });
}

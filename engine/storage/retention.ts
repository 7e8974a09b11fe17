/**
 * Retention by time and size (Kafka's deleteRetentionMsBreachedSegments and
 * deleteRetentionSizeBreachedSegments), for logs whose cleanup.policy includes `delete`.
 *
 * Only whole closed segments go, oldest first, and only while every offset they hold is below
 * the high watermark (a replica must not delete what the ISR has not confirmed). A segment is
 * past retention.ms when its largest timestamp is older than now - retention.ms; the log is past
 * retention.bytes while deleting the oldest segment still leaves it at or above the limit.
 *
 * Worked example: segments of 100, 100, 100 bytes + the active one of 40, retention.bytes 150:
 * excess 190 → the first goes (90 left), the second would overshoot (90 < 100) and stays.
 */
import type { LogConfig } from './log-config.js';
import type { LogSegment } from './segment.js';

export function segmentsPastRetention(
  segments: readonly LogSegment[],
  config: LogConfig,
  now: number,
  highWatermark: number,
): LogSegment[] {
  if (!config.cleanupPolicy.delete) return [];
  const total = segments.reduce((sum, s) => sum + s.size, 0);
  let excess = config.retentionBytes >= 0 ? total - config.retentionBytes : 0;
  const doomed: LogSegment[] = [];
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as LogSegment;
    const next = segments[i + 1] as LogSegment;
    if (next.baseOffset > highWatermark) break;
    // An empty closed segment (everything compacted away) holds nothing to keep.
    const expired =
      segment.size === 0 ||
      (config.retentionMs >= 0 &&
        segment.largestTimestamp >= 0 &&
        now - segment.largestTimestamp > config.retentionMs);
    const tooBig = excess > 0 && excess >= segment.size;
    if (!expired && !tooBig) break;
    excess -= segment.size;
    doomed.push(segment);
  }
  return doomed;
}

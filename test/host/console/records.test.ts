import { describe, expect, it } from 'vitest';
import { CompressionType, TimestampType } from '../../../engine/records/batch.js';
import { toMessageRecord } from '../../../host/console/records.js';

const batch = {
  compression: CompressionType.LZ4,
  timestampType: TimestampType.LOG_APPEND_TIME,
  isTransactional: true,
  partitionLeaderEpoch: 3,
};

describe('records in the API shape', () => {
  it('encodes text as text, other bytes as base64, and says what the batch says', () => {
    const r = toMessageRecord(
      2,
      {
        offset: 9,
        timestamp: 5,
        key: Buffer.from([0xff]),
        value: Buffer.from('ok'),
        headers: [{ key: 'h', value: null }],
      },
      batch,
      100,
    );
    expect(r).toEqual({
      partition: 2,
      offset: 9,
      timestamp: 5,
      timestampType: 'log-append-time',
      key: { encoding: 'base64', data: '/w==' },
      value: { encoding: 'utf8', data: 'ok' },
      headers: [{ key: 'h', value: null }],
      keySize: 1,
      valueSize: 2,
      truncated: false,
      compression: 'lz4',
      transactional: true,
      leaderEpoch: 3,
    });
  });

  it('cuts long values at a character boundary so cut text stays text', () => {
    // "aé€" is 1 + 2 + 3 bytes; cutting at 4 would split the euro sign.
    const r = toMessageRecord(
      0,
      { offset: 0, timestamp: 0, key: null, value: Buffer.from('aé€'), headers: [] },
      batch,
      4,
    );
    expect(r.value).toEqual({ encoding: 'utf8', data: 'aé' });
    expect(r).toMatchObject({ truncated: true, valueSize: 6, keySize: 0, key: null });
  });
});

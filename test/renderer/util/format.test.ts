import { describe, expect, it } from 'vitest';
import {
  exactBytes,
  exactCount,
  humanBytes,
  humanCount,
  humanDuration,
  isoTime,
  relativeTime,
} from '../../../renderer/util/format.js';

describe('numbers for people', () => {
  it('shortens counts with one decimal below 100 and none above', () => {
    expect(humanCount(0)).toBe('0');
    expect(humanCount(999)).toBe('999');
    expect(humanCount(1000)).toBe('1k');
    expect(humanCount(12_345)).toBe('12.3k');
    expect(humanCount(123_456)).toBe('123k');
    expect(humanCount(4_100_000)).toBe('4.1M');
    expect(humanCount(-2500)).toBe('-2.5k');
    expect(humanCount(null)).toBe('—');
  });

  it('shortens sizes in decimal units', () => {
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(4_300_112)).toBe('4.3 MB');
    expect(humanBytes(1_000_000_000)).toBe('1 GB');
    expect(humanBytes(null)).toBe('—');
  });

  it('gives the exact value for the hover title', () => {
    expect(exactCount(1234567)).toBe('1,234,567');
    expect(exactBytes(4_300_112)).toBe('4,300,112 bytes');
    expect(exactCount(null)).toBe('—');
  });

  it('says how long ago in the largest fitting unit', () => {
    const now = 10_000_000;
    expect(relativeTime(now - 500, now)).toBe('just now');
    expect(relativeTime(now - 42_000, now)).toBe('42 s ago');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(relativeTime(now + 5 * 60_000, now)).toBe('in 5 min');
  });

  it('writes durations and ISO times, with Kafka’s -1 as forever', () => {
    expect(humanDuration(604_800_000)).toBe('7 d');
    expect(humanDuration(90_000)).toBe('1.5 min');
    expect(humanDuration(-1)).toBe('forever');
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(-1)).toBe('—');
  });
});

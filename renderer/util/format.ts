/**
 * Numbers, sizes and times as people read them in a dense table: short forms (12.3k, 4.1 MB,
 * 3 min ago) for the cell, exact forms (12,345 · 4,300,112 bytes · ISO time) for the hover title.
 */

const exactNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** 999 → "999", 12_345 → "12.3k", 4_100_000 → "4.1M"; null → "—". */
export function humanCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  if (abs < 1000) return exactNumber.format(Math.round(n * 10) / 10);
  const units = ['k', 'M', 'G', 'T', 'P'];
  let value = n;
  let unit = -1;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${trimmed(value)}${units[unit]}`;
}

/** 512 → "512 B", 4_300_112 → "4.3 MB" (decimal units, as disk tools show them); null → "—". */
export function humanBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (Math.abs(n) < 1000) return `${Math.round(n)} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let value = n;
  let unit = -1;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${trimmed(value)} ${units[unit]}`;
}

/** One decimal below 100 (12.3k), none above (123k), never a trailing ".0". */
function trimmed(value: number): string {
  const digits = Math.abs(value) < 100 ? 1 : 0;
  return value.toFixed(digits).replace(/\.0$/, '');
}

/** 12345 → "12,345"; null → "—". */
export function exactCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : exactNumber.format(n);
}

/** The hover text of a size: "4,300,112 bytes". */
export function exactBytes(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unknown' : `${exactNumber.format(n)} bytes`;
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; "in 5 min" for the future. */
export function relativeTime(timestamp: number, now: number): string {
  const delta = now - timestamp;
  const abs = Math.abs(delta);
  if (abs < 1500) return 'just now';
  const [amount, unit] =
    abs < 60_000
      ? [Math.round(abs / 1000), 's']
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), 'min']
        : abs < 86_400_000
          ? [Math.round(abs / 3_600_000), 'h']
          : [Math.round(abs / 86_400_000), 'd'];
  return delta >= 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
}

/** Milliseconds since the epoch as ISO 8601 in UTC; "—" for a negative (absent) timestamp. */
export function isoTime(timestamp: number): string {
  return timestamp < 0 || !Number.isFinite(timestamp) ? '—' : new Date(timestamp).toISOString();
}

/** A duration for retention and lag ages: 604800000 → "7 d", 90000 → "1.5 min", -1 → "forever". */
export function humanDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 0) return 'forever';
  if (ms < 1000) return `${ms} ms`;
  const steps: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of steps) if (ms >= size) return `${trimmed(ms / size)} ${unit}`;
  return `${ms} ms`;
}

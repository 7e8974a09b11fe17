/**
 * What legitimately differs between two clusters is taken out of an observation before the
 * comparison: `code:N` becomes Kafka's error name (from the engine's error table, so both sides
 * are named alike), and host:port pairs inside client messages become HOST:PORT. Observations
 * are designed to carry no topic ids, cluster ids, broker ids or timestamps in the first place.
 */
import { ErrorCode } from '../../engine/protocol/errors.js';
import type { Json } from './scenario.js';

const errorNames = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

function normaliseString(value: string): string {
  const code = /^code:(-?\d+)$/.exec(value);
  if (code) return errorNames.get(Number(code[1])) ?? value;
  return value.replace(/\b(?:127\.0\.0\.1|localhost):\d+\b/g, 'HOST:PORT');
}

export function normalise(value: Json): Json {
  if (typeof value === 'string') return normaliseString(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

/**
 * Checks a topic config value against Kafka's definition of it (type, valid values) before it
 * is sent, so the form can say what is wrong next to the field. The broker checks again; this
 * is for a quick, precise message, not a replacement.
 */
import type { ConfigDefinition } from '../../stores/topics.js';

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const int16 = { min: -(2 ** 15), max: 2 ** 15 - 1 };

function checkInteger(value: string, range: { min: number; max: number } | null): string | null {
  if (!/^-?\d+$/.test(value.trim())) return 'a whole number';
  const n = Number(value);
  if (!Number.isSafeInteger(n)) return 'a whole number (this one is too large)';
  if (range && (n < range.min || n > range.max)) return `a whole number from ${range.min} to ${range.max}`;
  return null;
}

/** null when the value is acceptable, else what it should be ("a whole number", "one of: ..."). */
export function configValueProblem(
  definition: Pick<ConfigDefinition, 'type' | 'validValues'>,
  value: string,
): string | null {
  const v = value.trim();
  if (v === '') return 'a value (or remove the row)';
  const valid = definition.validValues;
  switch (definition.type) {
    case 'boolean':
      return v === 'true' || v === 'false' ? null : 'true or false';
    case 'short':
      return checkInteger(v, int16);
    case 'int':
      return checkInteger(v, int32);
    case 'long':
      return checkInteger(v, null);
    case 'double':
      return Number.isFinite(Number(v)) ? null : 'a number';
    case 'list': {
      if (!valid) return null;
      const bad = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => !valid.includes(s));
      return bad.length ? `a comma-separated list of: ${valid.join(', ')}` : null;
    }
    default:
      return valid && !valid.includes(v) ? `one of: ${valid.join(', ')}` : null;
  }
}

/** Problems that need two values together; `replicationFactor` null means the broker's default. */
export function crossConfigProblems(
  configs: Readonly<Record<string, string>>,
  replicationFactor: number | null,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const minIsr = Number(configs['min.insync.replicas']);
  if (replicationFactor !== null && Number.isInteger(minIsr) && minIsr > replicationFactor) {
    problems['min.insync.replicas'] =
      `more than the replication factor (${replicationFactor}): producers with acks=all could never write`;
  }
  const segment = Number(configs['segment.bytes']);
  const retention = Number(configs['retention.bytes']);
  if (Number.isInteger(segment) && Number.isInteger(retention) && retention > 0 && segment > retention) {
    problems['segment.bytes'] =
      'larger than retention.bytes: retention deletes whole segments, so it would keep more';
  }
  return problems;
}

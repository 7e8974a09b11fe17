/** `--name value` options of the reliability scripts, as integers with defaults. */
import { parseArgs } from 'node:util';

export function intOptions<K extends string>(defaults: Record<K, number>): Record<K, number> {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(defaults).map((k) => [k, { type: 'string' as const }])),
    strict: true,
  });
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as K[]) {
    const raw = values[key];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`--${key} must be a whole number ≥ 0, not ${String(raw)}`);
    out[key] = n;
  }
  return out;
}

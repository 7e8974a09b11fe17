/**
 * Protobuf's JSON mapping as the decoder writes it (64-bit integers as decimal strings, enums by
 * name) turned into what protobufjs's `verify` accepts (Long values, enum numbers), so a value
 * the inspector showed can be produced or imported back. Anything else is left for `verify` to
 * judge; nested messages, repeated fields and map values are walked.
 */
import protobuf from 'protobufjs';

const longTypes = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

function scalar(field: protobuf.Field, value: unknown): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return forVerify(resolved, value);
  if (resolved instanceof protobuf.Enum) {
    return typeof value === 'string' && Object.hasOwn(resolved.values, value)
      ? resolved.values[value]
      : value;
  }
  if (longTypes.has(field.type) && typeof value === 'string' && /^-?\d+$/.test(value)) {
    return protobuf.util.LongBits.from(value).toLong(field.type.startsWith('u') || field.type === 'fixed64');
  }
  return value;
}

/** A copy of `value` with the JSON mapping's strings in the forms `verify` takes. */
export function forVerify(type: protobuf.Type, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of type.fieldsArray) {
    field.resolve();
    const given = out[field.name];
    if (given === undefined || given === null) continue;
    if (field instanceof protobuf.MapField) {
      if (typeof given === 'object' && !Array.isArray(given))
        out[field.name] = Object.fromEntries(
          Object.entries(given as Record<string, unknown>).map(([k, v]) => [k, scalar(field, v)]),
        );
    } else if (field.repeated) {
      if (Array.isArray(given)) out[field.name] = given.map((v: unknown) => scalar(field, v));
    } else {
      out[field.name] = scalar(field, given);
    }
  }
  return out;
}

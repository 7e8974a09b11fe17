/**
 * fast-check arbitraries for the wire's primitive types, and `since`: a field a version lacks
 * takes its default, which is what a decoder of that version returns.
 */
import fc, { type Arbitrary } from 'fast-check';
import { ZERO_UUID } from '../../../../engine/protocol/uuid.js';

export const int8 = fc.integer({ min: -128, max: 127 });
export const int16 = fc.integer({ min: -32768, max: 32767 });
export const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
export const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
export const bool = fc.boolean();
export const string = fc.string({ maxLength: 12, unit: 'grapheme' });
export const nullableString = fc.option(string, { nil: null });
export const bytes = fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a));
export const nullableBytes = fc.option(bytes, { nil: null });
export const uuid = fc.oneof(
  fc.constant(ZERO_UUID),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a).toString('base64url')),
);

export const array = <T>(item: Arbitrary<T>): Arbitrary<T[]> => fc.array(item, { maxLength: 3 });
export const nullableArray = <T>(item: Arbitrary<T>): Arbitrary<T[] | null> =>
  fc.option(array(item), { nil: null });
export const one = <T>(item: Arbitrary<T>): Arbitrary<T[]> => fc.tuple(item).map((t) => [...t]);

/** The field's values from `version` on, its default before. */
export function since<T>(version: number, first: number, arb: Arbitrary<T>, absent: T): Arbitrary<T> {
  return version >= first ? arb : fc.constant(absent);
}

/** A topic named up to a version and identified by id from it on: '' / the zero UUID where absent. */
export function nameOrId(version: number, firstIdVersion: number) {
  return {
    name: version >= firstIdVersion ? fc.constant('') : string,
    topicId: version >= firstIdVersion ? uuid : fc.constant(ZERO_UUID),
  };
}

/** One API's messages, per version. */
export interface MessageArbitraries {
  readonly request: (version: number) => Arbitrary<unknown>;
  readonly response: (version: number) => Arbitrary<unknown>;
}

export { fc };

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, formatPath, invalidInput, parseErrorEnvelope } from '../../../host/api/errors.js';
import { methods } from '../../../host/api/contract.js';

describe('error envelope', () => {
  it('round-trips an ApiError with issues and a Kafka error through plain JSON', () => {
    const err = new ApiError('KAFKA', 'topic already exists', {
      kafka: { code: 36, name: 'TOPIC_ALREADY_EXISTS' },
    });
    const back = parseErrorEnvelope(JSON.parse(JSON.stringify(err.toEnvelope())));
    expect(back).toBeInstanceOf(ApiError);
    expect(back.code).toBe('KAFKA');
    expect(back.message).toBe('topic already exists');
    expect(back.kafka).toEqual({ code: 36, name: 'TOPIC_ALREADY_EXISTS' });
    expect(JSON.stringify(err.toEnvelope())).not.toContain('at ');
  });

  it('turns anything malformed into an INTERNAL error, never a crash', () => {
    expect(parseErrorEnvelope({ message: 'x' }).code).toBe('INTERNAL');
    expect(parseErrorEnvelope(undefined).code).toBe('INTERNAL');
  });

  it('names each bad field in the message', () => {
    const result = methods['topics.create'].input.safeParse({ name: 'a b', partitions: 0, extra: 1 });
    expect(result.success).toBe(false);
    const err = invalidInput('topics.create', result.error!.issues);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/^invalid input for topics\.create: /);
    expect(err.message).toContain("name: a topic name uses only letters, digits, '.', '_' and '-'");
    expect(err.message).toContain('partitions: a topic has at least 1 partition');
    expect(err.message).toContain('Unrecognized key: "extra"');
    expect(err.issues?.map((i) => i.path)).toContainEqual(['partitions']);
  });

  it('formats nested paths as code would write them', () => {
    expect(formatPath(['partitions', 2, 'offset'])).toBe('partitions[2].offset');
    expect(formatPath([0])).toBe('[0]');
    const err = invalidInput(
      'x',
      z.object({ a: z.array(z.object({ b: z.number() })) }).safeParse({ a: [{ b: 'no' }] }).error!.issues,
    );
    expect(err.message).toContain('a[0].b:');
  });
});

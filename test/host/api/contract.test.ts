import { describe, expect, it } from 'vitest';
import { invalidInput, methodNames, methods, streamNames, streams } from '../../../host/api/index.js';
import { methodSamples, streamSamples } from './samples.js';

describe('the contract table', () => {
  it('has good and bad samples for every method and stream', () => {
    expect(Object.keys(methodSamples).sort()).toEqual([...methodNames].sort());
    expect(Object.keys(streamSamples).sort()).toEqual([...streamNames].sort());
  });

  it('gives every entry a one-line doc', () => {
    for (const spec of [...Object.values(methods), ...Object.values(streams)]) {
      expect(spec.doc).toMatch(/^[A-Z].*\.$/);
      expect(spec.doc).not.toContain('\n');
    }
  });

  for (const name of methodNames) {
    const schema = methods[name].input;
    it(`${name}: accepts good input and names the field of bad input`, () => {
      for (const input of methodSamples[name].good) {
        const parsed = schema.safeParse(input);
        expect(parsed.error?.issues ?? [], JSON.stringify(input)).toEqual([]);
      }
      for (const { input, field } of methodSamples[name].bad) {
        const parsed = schema.safeParse(input);
        expect(parsed.success, JSON.stringify(input)).toBe(false);
        expect(invalidInput(name, parsed.error!.issues).message).toContain(field);
      }
    });
  }

  for (const name of streamNames) {
    const schema = streams[name].args;
    it(`${name} stream: accepts good args and names the field of bad args`, () => {
      for (const args of streamSamples[name].good)
        expect(schema.safeParse(args).error?.issues ?? []).toEqual([]);
      for (const { input, field } of streamSamples[name].bad) {
        const parsed = schema.safeParse(input);
        expect(parsed.success).toBe(false);
        expect(invalidInput(name, parsed.error!.issues).message).toContain(field);
      }
    });
  }

  it('fills defaults so implementations see one shape', () => {
    const browse = methods['messages.browse'].input.parse({ topic: 'orders' });
    expect(browse).toMatchObject({
      start: { from: 'oldest' },
      order: 'oldest-first',
      limit: 100,
      maxValueBytes: 65536,
    });
    const produce = methods['messages.produce'].input.parse({ topic: 'orders', value: null });
    expect(produce).toMatchObject({ key: null, headers: [], acks: 'all', compression: 'none' });
    expect(methods['cluster.snapshot'].input.parse(undefined)).toEqual({});
  });
});

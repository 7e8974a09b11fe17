import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClusterEvent as EngineClusterEvent } from '../../../engine/cluster/events.js';
import {
  apiPath,
  createConsoleApi,
  methodNames,
  reservedNames,
  streamNames,
  type ClusterEvent,
  type ConsoleApi,
  type MethodName,
  type StreamName,
  type Transport,
} from '../../../host/api/index.js';

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

describe('ConsoleApi derived from the table', () => {
  it('has one function per method and one on<Stream> per stream, calling the transport by name', async () => {
    const calls: [string, unknown][] = [];
    const subs: string[] = [];
    const transport: Transport = {
      call: async (method, input) => {
        calls.push([method, input]);
        return method;
      },
      subscribe: (stream) => {
        subs.push(stream);
        return () => {};
      },
    };
    const api = createConsoleApi(transport) as unknown as Record<
      string,
      Record<string, (...a: unknown[]) => unknown>
    >;
    for (const name of methodNames) {
      const [domain, key] = apiPath(name, 'method');
      await expect(api[domain]![key]!({ x: 1 })).resolves.toBe(name);
    }
    for (const name of streamNames) {
      const [domain, key] = apiPath(name, 'stream');
      expect(typeof api[domain]![key]!({}, () => {})).toBe('function');
    }
    expect(calls.map(([m]) => m)).toEqual(methodNames);
    expect(subs).toEqual(streamNames);
  });

  it('types inputs and outputs from the schemas', () => {
    expectTypeOf<ConsoleApi['topics']['create']>().parameter(0).toMatchTypeOf<{ name: string }>();
    expectTypeOf<ReturnType<ConsoleApi['topics']['list']>>().resolves.items.toHaveProperty('messageCount');
    expectTypeOf<ConsoleApi['messages']['onTail']>().parameter(0).toHaveProperty('topic');
    // methods without input may be called without arguments
    expectTypeOf<ConsoleApi['cluster']['snapshot']>().toBeCallableWith();
  });

  it('names every method and stream domain.verb, with no name reserved and used at once', () => {
    const names: string[] = [...methodNames, ...streamNames];
    for (const name of names) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
    expect(new Set(names).size).toBe(names.length);
    for (const name of Object.keys(reservedNames)) expect(names).not.toContain(name);
    expectTypeOf<MethodName>().toBeString();
    expectTypeOf<StreamName>().toBeString();
  });

  it("describes every one of the engine's cluster events", () => {
    // Compiles only if each engine event fits the contract's event union.
    const fits = (event: EngineClusterEvent): DeepReadonly<ClusterEvent> => event;
    expect(fits).toBeTypeOf('function');
  });
});

import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../host/api/errors.js';
import { KafkaError, ErrorCode } from '../../../engine/protocol/errors.js';
import { RpcClient, serveRpc, type RpcHandlers } from '../../../host/worker/rpc.js';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function connect(handlers: RpcHandlers): { client: RpcClient; stop: () => void } {
  const channel = new MessageChannel();
  channels.push(channel);
  const stop = serveRpc(channel.port2, handlers);
  return { client: new RpcClient(channel.port1), stop };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('worker RPC', () => {
  it('answers calls with their value, in any order', async () => {
    const slow = deferred();
    const { client } = connect({
      calls: {
        echo: async (input) => input,
        slow: async () => {
          await slow.promise;
          return 'slow';
        },
      },
      streams: {},
    });
    const first = client.call('slow', null);
    await expect(client.call('echo', { a: [1, 2] })).resolves.toEqual({ a: [1, 2] });
    slow.resolve();
    await expect(first).resolves.toBe('slow');
  });

  it('carries errors as envelopes: ApiError as is, Kafka errors with their code, others as INTERNAL', async () => {
    const { client } = connect({
      calls: {
        api: async () => {
          throw new ApiError('NOT_FOUND', 'no topic x');
        },
        kafka: async () => {
          throw new KafkaError(ErrorCode.NON_EMPTY_GROUP, 'the group has members');
        },
        bug: async () => {
          throw new TypeError('x is undefined');
        },
      },
      streams: {},
    });
    await expect(client.call('api', null)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no topic x',
    });
    await expect(client.call('kafka', null)).rejects.toMatchObject({
      code: 'KAFKA',
      message: 'the group has members (NON_EMPTY_GROUP)',
      kafka: { code: 68, name: 'NON_EMPTY_GROUP' },
    });
    const bug = await client.call('bug', null).catch((e: unknown) => e as ApiError);
    expect(bug).toBeInstanceOf(ApiError);
    expect(bug).toMatchObject({ code: 'INTERNAL', message: 'x is undefined' });
    await expect(client.call('nope', null)).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    await expect(client.call('__proto__', null)).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
  });

  it('cancels a call: the caller gets CANCELLED and the handler sees its signal abort', async () => {
    const aborted = deferred<boolean>();
    const { client } = connect({
      calls: {
        wait: (_input, signal) =>
          new Promise((_, reject) => {
            signal.addEventListener('abort', () => {
              aborted.resolve(true);
              reject(new Error('aborted'));
            });
          }),
      },
      streams: {},
    });
    const controller = new AbortController();
    const call = client.call('wait', null, controller.signal);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(aborted.promise).resolves.toBe(true);
  });

  it('streams events until the handler ends, fails, or the caller unsubscribes', async () => {
    const unsubscribed = deferred();
    const { client } = connect({
      calls: {},
      streams: {
        count: async (args, emit) => {
          for (let i = 0; i < (args as number); i++) emit(i);
        },
        fail: async (_args, emit) => {
          emit('one');
          throw new ApiError('UNAVAILABLE', 'gone');
        },
        forever: (_args, emit, signal) => {
          emit('hello');
          signal.addEventListener('abort', () => unsubscribed.resolve());
        },
      },
    });
    const events: unknown[] = [];
    const ended = deferred();
    client.subscribe(
      'count',
      3,
      (e) => events.push(e),
      () => {},
      ended.resolve,
    );
    await ended.promise;
    expect(events).toEqual([0, 1, 2]);

    const failed = deferred<ApiError>();
    const before: unknown[] = [];
    client.subscribe('fail', null, (e) => before.push(e), failed.resolve);
    await expect(failed.promise).resolves.toMatchObject({ code: 'UNAVAILABLE', message: 'gone' });
    expect(before).toEqual(['one']);

    const hello = deferred<unknown>();
    const stop = client.subscribe('forever', null, hello.resolve, () => {});
    await expect(hello.promise).resolves.toBe('hello');
    stop();
    await unsubscribed.promise;
  });

  it('fails everything in flight when closed, and refuses new work', async () => {
    const { client } = connect({ calls: { hang: () => new Promise(() => {}) }, streams: { hang: () => {} } });
    const call = client.call('hang', null);
    const streamError = deferred<ApiError>();
    client.subscribe('hang', null, () => {}, streamError.resolve);
    client.close(new ApiError('UNAVAILABLE', 'worker exited'));
    await expect(call).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'worker exited' });
    await expect(streamError.promise).resolves.toMatchObject({ message: 'worker exited' });
    await expect(client.call('hang', null)).rejects.toMatchObject({ message: 'worker exited' });
  });
});

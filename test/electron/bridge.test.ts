/**
 * The desktop bridge end to end without an Electron binary: the preload (compiled from its
 * source and run the way a sandboxed renderer runs it: a function of require, process, exports,
 * module) against bindContract in the main process, over a fake ipcMain/ipcRenderer pair, with
 * the console service behind it. What crosses is checked as Electron would pass it (cloned).
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  apiPath,
  bridgeTransport,
  createConsoleApi,
  methodNames,
  streamNames,
  type BridgeApi,
  type Connection,
} from '../../host/api/index.js';
import type { ConsoleService } from '../../host/service/console-service.js';
import { fakeService } from '../host/fixtures/fake-service.js';

interface FakeEvent {
  sender: FakeContents;
  senderFrame: { trusted: boolean };
}
class FakeContents extends EventEmitter {
  readonly id = 7;
  destroyed = false;
  constructor(readonly renderer: EventEmitter) {
    super();
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]) {
    this.renderer.emit(channel, {}, ...structuredClone(args));
  }
}

const ipcMain = Object.assign(new EventEmitter(), {
  handlers: new Map<string, (event: FakeEvent, ...args: unknown[]) => unknown>(),
  handle(channel: string, fn: (event: FakeEvent, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
});

vi.mock('electron', () => ({ ipcMain }));

const { bindContract } = await import('../../electron/ipc.js');
const { bridgeLayout, LAYOUT_ARGUMENT } = await import('../../electron/channels.js');

/** Loads the preload like a sandboxed renderer: returns what it exposed, and a frame switch. */
function loadPreload(frame: { trusted: boolean }) {
  const rendererSide = new EventEmitter();
  const contents = new FakeContents(rendererSide);
  const event = (): FakeEvent => ({ sender: contents, senderFrame: frame });
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler(event(), ...structuredClone(args)));
    },
    send: (channel: string, ...args: unknown[]) => ipcMain.emit(channel, event(), ...structuredClone(args)),
    on: (channel: string, listener: (...args: unknown[]) => void) => rendererSide.on(channel, listener),
  };
  const exposed: Record<string, unknown> = {};
  const contextBridge = { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) };
  const source = readFileSync(new URL('../../electron/preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const preloadRequire = (name: string) => {
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error(`module not found: ${name}`);
  };
  const exports = {};
  const run = runInNewContext(`(function (require, process, exports, module) {${outputText}\n})`, {}) as (
    ...args: unknown[]
  ) => void;
  run(preloadRequire, { argv: [`${LAYOUT_ARGUMENT}${JSON.stringify(bridgeLayout())}`] }, exports, {
    exports,
  });
  return { exposed, contents };
}

let service: ConsoleService;
let unbind: () => void;
const frame = { trusted: true };

beforeAll(() => {
  service = fakeService({ seedRecords: 2 });
  unbind = bindContract(service, (event) => (event as unknown as FakeEvent).senderFrame.trusted);
});
afterAll(async () => {
  unbind();
  await service.close();
});

describe('the desktop bridge', () => {
  it('exposes exactly the contract as window.brokerlab, nothing more', () => {
    const { exposed } = loadPreload(frame);
    expect(Object.keys(exposed)).toEqual(['brokerlab']);
    const bridge = exposed.brokerlab as Record<string, Record<string, unknown>>;
    const expected = [
      ...methodNames.map((n) => apiPath(n, 'method').join('.')),
      ...streamNames.map((n) => apiPath(n, 'stream').join('.')),
    ].sort();
    const actual = Object.entries(bridge).flatMap(([domain, fns]) =>
      Object.keys(fns).map((k) => `${domain}.${k}`),
    );
    expect(actual.sort()).toEqual(expected);
    for (const fns of Object.values(bridge))
      for (const fn of Object.values(fns)) expect(typeof fn).toBe('function');
  });

  it('calls methods through IPC and rebuilds errors as ApiError', async () => {
    const api = createConsoleApi(bridgeTransport(loadPreload(frame).exposed.brokerlab as BridgeApi));
    expect((await api.topics.list()).map((t) => t.name)).toEqual(['orders']);
    const bad = await api.topics.create({ name: 'no spaces' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiError);
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: ['name'] }] });
  });

  it('streams events and stream errors through IPC, and stops on unsubscribe', async () => {
    const api = createConsoleApi(bridgeTransport(loadPreload(frame).exposed.brokerlab as BridgeApi));
    const active = await new Promise<Connection>((resolve) => {
      const stop = api.connections.onChanges({}, (c) => {
        stop();
        resolve(c);
      });
    });
    expect(active).toMatchObject({ id: 'embedded' });
    const error = await new Promise<ApiError>((resolve) =>
      api.jobs.onProgress({ jobId: 'none' }, () => {}, resolve),
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cancels a call when the renderer aborts it', async () => {
    const api = createConsoleApi(bridgeTransport(loadPreload(frame).exposed.brokerlab as BridgeApi));
    const controller = new AbortController();
    const call = api.messages.browse({ topic: 'orders' }, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('refuses every call from a frame that is not our page, and ignores its subscriptions', async () => {
    const stranger = { trusted: false };
    const api = createConsoleApi(bridgeTransport(loadPreload(stranger).exposed.brokerlab as BridgeApi));
    await expect(api.faults.killBroker({ brokerId: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await service.call('faults.list', {})).toEqual([]);
    let events = 0;
    api.connections.onChanges({}, () => events++);
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toBe(0);
  });

  it("ends a page's streams when the page goes away", async () => {
    const { exposed, contents } = loadPreload(frame);
    const api = createConsoleApi(bridgeTransport(exposed.brokerlab as BridgeApi));
    const ended = vi.fn();
    const subscribe = service.subscribe.bind(service);
    const spy = vi.spyOn(service, 'subscribe').mockImplementation((...args) => {
      const unsubscribe = subscribe(...args);
      return () => {
        ended();
        unsubscribe();
      };
    });
    await new Promise<void>((resolve) => api.groups.onLag({ groupId: 'billing' }, () => resolve()));
    spy.mockRestore();
    expect(ended).not.toHaveBeenCalled();
    contents.destroyed = true;
    contents.emit('destroyed');
    expect(ended).toHaveBeenCalledTimes(1);
  });
});

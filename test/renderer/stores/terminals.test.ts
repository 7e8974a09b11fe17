import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type TerminalInfo } from '../../../host/api/index.js';
import { installApi } from '../../../renderer/api/current.js';
import { useTerminalsStore } from '../../../renderer/stores/terminals.js';
import { fakeApi, settle, type FakeApi } from '../fake-api.js';
import { freshPinia } from '../pinia.js';

let fake: FakeApi;
let opened = 0;
const info = (id: string, state: TerminalInfo['state'] = 'running'): TerminalInfo => ({
  id,
  pid: 1000 + Number(id.slice(1)),
  shell: '/bin/bash',
  bootstrap: '127.0.0.1:9092',
  state,
  exitCode: state === 'exited' ? 0 : null,
  signal: null,
});

beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
  opened = 0;
  fake.answer('terminals.list', () => []);
  fake.answer('terminals.open', () => info(`t${++opened}`));
  fake.answer('terminals.close', ({ id }) => ({ id }));
  fake.answer('terminals.write', ({ id }) => ({ id }));
});

describe('the terminals store', () => {
  it('opens a first tab with a shell and follows its output', async () => {
    const terminals = useTerminalsStore();
    await terminals.attach();
    expect(terminals.tabs).toHaveLength(1);
    expect(terminals.tabs[0]).toMatchObject({ title: 'Terminal 1', id: 't1', pid: 1001, state: 'running' });
    expect(terminals.selectedKey).toBe(terminals.tabs[0]!.key);
    expect(fake.subscriptions('terminals.output')).toEqual([{ args: { id: 't1' }, open: true }]);
  });

  it('writes output once, skipping what a replayed stream sends again', async () => {
    const terminals = useTerminalsStore();
    await terminals.attach();
    const write = vi.spyOn(terminals.tabs[0]!.screen, 'write');
    fake.emit('terminals.output', { type: 'data', offset: 0, data: 'abc' });
    fake.emit('terminals.output', { type: 'data', offset: 0, data: 'abcdef' });
    fake.emit('terminals.output', { type: 'data', offset: 3, data: 'def' });
    fake.emit('terminals.output', { type: 'data', offset: 6, data: 'g' });
    expect(write.mock.calls.map(([data]) => data)).toEqual(['abc', 'def', 'g']);
  });

  it('acknowledges drawn output to the host every 64 KiB, not every event', async () => {
    fake.answer('terminals.ack', ({ id }) => ({ id }));
    const terminals = useTerminalsStore();
    await terminals.attach();
    // The screen draws at once here; xterm.js calls back once it has parsed the data.
    vi.spyOn(terminals.tabs[0]!.screen, 'write').mockImplementation((_data, drawn) => drawn?.());
    const chunk = 'x'.repeat(40 * 1024);
    for (let i = 0; i < 4; i++)
      fake.emit('terminals.output', { type: 'data', offset: i * chunk.length, data: chunk });
    expect(fake.callsOf('terminals.ack')).toEqual([
      { id: 't1', offset: 2 * chunk.length },
      { id: 't1', offset: 4 * chunk.length },
    ]);
  });

  it('re-attaches to the shells the host still runs after a reload, without opening another', async () => {
    fake.answer('terminals.list', () => [info('t4'), info('t5', 'exited')]);
    const terminals = useTerminalsStore();
    await terminals.attach();
    expect(terminals.tabs.map((t) => [t.id, t.state])).toEqual([
      ['t4', 'running'],
      ['t5', 'exited'],
    ]);
    expect(fake.callsOf('terminals.open')).toEqual([]);
  });

  it('sends keystrokes in order, one call at a time, joining what was typed meanwhile', async () => {
    let release: () => void = () => {};
    fake.answer('terminals.write', ({ id }) => new Promise((r) => (release = () => r({ id }))));
    const terminals = useTerminalsStore();
    await terminals.attach();
    const key = terminals.tabs[0]!.key;
    terminals.send(key, 'l');
    terminals.send(key, 's');
    terminals.send(key, '\r');
    expect(fake.callsOf('terminals.write')).toEqual([{ id: 't1', data: 'l' }]);
    release();
    await settle();
    expect(fake.callsOf('terminals.write')).toEqual([
      { id: 't1', data: 'l' },
      { id: 't1', data: 's\r' },
    ]);
    release();
  });

  it('marks an exited shell, and starts a new one in the same tab', async () => {
    const terminals = useTerminalsStore();
    await terminals.attach();
    fake.emit('terminals.output', { type: 'exit', exitCode: 7, signal: null });
    expect(terminals.tabs[0]).toMatchObject({ state: 'exited', exitCode: 7 });
    await terminals.restart(terminals.tabs[0]!.key);
    expect(terminals.tabs[0]).toMatchObject({ title: 'Terminal 1', id: 't2', state: 'running' });
    expect(fake.callsOf('terminals.close')).toEqual([{ id: 't1' }]);
    expect(fake.subscriptions('terminals.output')).toEqual([
      { args: { id: 't1' }, open: false },
      { args: { id: 't2' }, open: true },
    ]);
  });

  it('closing a tab ends its shell and selects a neighbour', async () => {
    const terminals = useTerminalsStore();
    await terminals.attach();
    await terminals.open();
    const [first, second] = terminals.tabs;
    expect(terminals.selectedKey).toBe(second!.key);
    await terminals.close(second!.key);
    expect(fake.callsOf('terminals.close')).toEqual([{ id: 't2' }]);
    expect(terminals.tabs.map((t) => t.key)).toEqual([first!.key]);
    expect(terminals.selectedKey).toBe(first!.key);
  });

  it('says terminals are off when the host refuses them', async () => {
    const off = new ApiError('FORBIDDEN', 'terminals are turned off for this console');
    fake.answer('terminals.list', () => Promise.reject(off));
    const terminals = useTerminalsStore();
    await terminals.attach();
    expect(terminals.refused).toBe(off);
    expect(terminals.tabs).toEqual([]);
  });
});

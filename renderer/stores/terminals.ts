/**
 * The console's terminal tabs. Each tab has a screen (xterm.js, kept here so its scrollback
 * survives view switches) and, while it runs, a shell in the host (`terminals.*`). Keystrokes are
 * sent one call at a time, with what was typed meanwhile joined into the next call, so they reach
 * the shell in order over any transport. A shell that exits leaves its tab open, saying so, until
 * the user starts it again or closes the tab; closing a tab ends its shell.
 *
 * Output is acknowledged to the host as the screen draws it, every ACK_EVERY_CHARS, so a shell
 * printing faster than the screen draws is paused by the host rather than flooding the transport.
 *
 * After a reload the host still runs the shells: `attach()` finds them and replays their output.
 */
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, watch, type Ref } from 'vue';
import type { TerminalInfo, TerminalOutputEvent } from '../../host/api/schemas/terminals.js';
import type { Unsubscribe } from '../../host/api/types.js';
import { useApi } from '../api/current.js';
import { TerminalScreen } from '../components/terminal/screen.js';
import { useThemeStore } from './theme.js';

export interface TerminalTab {
  /** Stable for the tab's life, across restarts of its shell. */
  readonly key: number;
  readonly title: string;
  readonly screen: TerminalScreen;
  /** The host's terminal id, while there is one. */
  id: string | null;
  pid: number | null;
  bootstrap: string | null;
  state: 'starting' | 'running' | 'exited' | 'failed';
  exitCode: number | null;
  error: unknown;
}

interface Wiring {
  unsubscribe: Unsubscribe | null;
  /** How much of the shell's output the screen has shown (see the data event's offset). */
  shown: number;
  /** How much of it was last acknowledged to the host as drawn. */
  acked: number;
  queued: string;
  sending: boolean;
}

const ACK_EVERY_CHARS = 64 * 1024;

export const useTerminalsStore = defineStore('terminals', () => {
  // The screens are raw (markRaw): the cast keeps their class type, which unwrapping would flatten.
  const tabs = ref([]) as Ref<TerminalTab[]>;
  const selectedKey = ref<number | null>(null);
  /** Set when the host refuses terminals altogether (a console started with --no-terminal). */
  const refused = shallowRef<unknown>(null);
  const wiring = new Map<number, Wiring>();
  let nextKey = 1;
  let attached: Promise<void> | null = null;

  const tabOf = (key: number) => tabs.value.find((t) => t.key === key);

  function addTab(): TerminalTab {
    const key = nextKey++;
    const title = `Terminal ${key}`;
    const screen = markRaw(new TerminalScreen(useThemeStore().dark, title));
    screen.onInput((data) => send(key, data));
    tabs.value.push({
      key,
      title,
      screen,
      id: null,
      pid: null,
      bootstrap: null,
      state: 'starting',
      exitCode: null,
      error: null,
    });
    wiring.set(key, { unsubscribe: null, shown: 0, acked: 0, queued: '', sending: false });
    selectedKey.value = key;
    return tabOf(key)!;
  }

  function follow(key: number, info: TerminalInfo): void {
    const tab = tabOf(key);
    if (!tab) return;
    Object.assign(tab, { id: info.id, pid: info.pid, bootstrap: info.bootstrap, state: 'running' });
    const wire = wiring.get(key)!;
    wire.shown = 0;
    wire.acked = 0;
    wire.unsubscribe = useApi().terminals.onOutput(
      { id: info.id },
      (event: TerminalOutputEvent) => {
        if (event.type === 'exit') return exited(key, event.exitCode);
        // A re-subscribed stream replays what the screen already has: write only what is new.
        const end = event.offset + event.data.length;
        if (end <= wire.shown) return;
        tab.screen.write(event.data.slice(Math.max(0, wire.shown - event.offset)), () =>
          drawn(wire, info.id, end),
        );
        wire.shown = end;
      },
      (error) => {
        wire.unsubscribe = null;
        if (tab.state === 'running') Object.assign(tab, { state: 'failed', error });
      },
    );
  }

  function drawn(wire: Wiring, id: string, offset: number): void {
    if (offset - wire.acked < ACK_EVERY_CHARS) return;
    wire.acked = offset;
    // A terminal closed meanwhile has nothing left to pause.
    useApi()
      .terminals.ack({ id, offset })
      .catch(() => {});
  }

  function exited(key: number, exitCode: number): void {
    const tab = tabOf(key);
    if (!tab) return;
    tab.state = 'exited';
    tab.exitCode = exitCode;
  }

  async function start(key: number): Promise<void> {
    const tab = tabOf(key);
    if (!tab) return;
    Object.assign(tab, { state: 'starting', error: null, exitCode: null });
    try {
      const info = await useApi().terminals.open(tab.screen.size);
      if (!tabOf(key)) return void useApi().terminals.close({ id: info.id });
      follow(key, info);
    } catch (error) {
      Object.assign(tab, { state: 'failed', error });
      if ((error as { code?: string }).code === 'FORBIDDEN') refused.value = error;
    }
  }

  /** Opens a new tab with a fresh shell and selects it. */
  async function open(): Promise<void> {
    await start(addTab().key);
  }

  /** Finds shells the host already runs (after a reload), then makes sure one tab exists. */
  function attach(): Promise<void> {
    attached ??= (async () => {
      try {
        for (const info of await useApi().terminals.list()) {
          const tab = addTab();
          follow(tab.key, info);
          if (info.state === 'exited') exited(tab.key, info.exitCode ?? 0);
        }
      } catch (error) {
        if ((error as { code?: string }).code === 'FORBIDDEN') refused.value = error;
      }
      if (tabs.value.length === 0 && !refused.value) await open();
    })();
    return attached;
  }

  /** The exited shell's tab gets a new shell; its old output stays above. */
  async function restart(key: number): Promise<void> {
    const tab = tabOf(key);
    if (!tab || tab.state === 'running' || tab.state === 'starting') return;
    const old = release(key);
    // The host keeps an exited shell's output until it is closed: it is not needed any more.
    if (old)
      void useApi()
        .terminals.close({ id: old })
        .catch(() => {});
    tab.screen.write('\r\n');
    await start(key);
  }

  /** Closes the tab and ends its shell. */
  async function close(key: number): Promise<void> {
    const tab = tabOf(key);
    if (!tab) return;
    const id = release(key);
    wiring.delete(key);
    const index = tabs.value.indexOf(tab);
    tabs.value.splice(index, 1);
    if (selectedKey.value === key)
      selectedKey.value = tabs.value[Math.min(index, tabs.value.length - 1)]?.key ?? null;
    tab.screen.dispose();
    if (id) await useApi().terminals.close({ id });
  }

  /** Stops following the tab's shell; answers the host id it had, to close it. */
  function release(key: number): string | null {
    const tab = tabOf(key);
    const wire = wiring.get(key);
    wire?.unsubscribe?.();
    if (wire) Object.assign(wire, { unsubscribe: null, queued: '' });
    const id = tab?.id ?? null;
    if (tab) Object.assign(tab, { id: null, pid: null });
    return id;
  }

  /** Sends text to the tab's shell, as if typed (the screen's keystrokes come this way). */
  function send(key: number, data: string): void {
    const tab = tabOf(key);
    const wire = wiring.get(key);
    if (!tab || !wire || tab.state !== 'running') return;
    wire.queued += data;
    if (!wire.sending) void flush(key);
  }

  async function flush(key: number): Promise<void> {
    const wire = wiring.get(key);
    if (!wire) return;
    wire.sending = true;
    try {
      while (wire.queued) {
        const id = tabOf(key)?.id;
        if (!id) break;
        const data = wire.queued;
        wire.queued = '';
        // A shell that exited meanwhile refuses input; its exit event says so in the tab.
        await useApi()
          .terminals.write({ id, data })
          .catch(() => {});
      }
    } finally {
      wire.sending = false;
    }
  }

  async function resize(key: number, size: { cols: number; rows: number }): Promise<void> {
    const id = tabOf(key)?.id;
    if (id)
      await useApi()
        .terminals.resize({ id, ...size })
        .catch(() => {});
  }

  function select(key: number): void {
    if (tabOf(key)) selectedKey.value = key;
  }

  watch(
    () => useThemeStore().dark,
    (dark) => {
      for (const tab of tabs.value) tab.screen.setDark(dark);
    },
  );

  return { tabs, selectedKey, refused, attach, open, restart, close, send, resize, select };
});

/**
 * The preload: exposes `window.brokerlab` with exactly the contract's methods and streams and
 * nothing else (no ipcRenderer, no generic invoke), as a pass-through — values go to the main
 * process untouched, where they are validated. Sandboxed preloads may require only `electron`,
 * so this file is CommonJS with no other imports; the layout of the object comes from the main
 * process as an argument (see channels.ts, whose constants are repeated here for that reason).
 */
// A sandboxed preload is CommonJS and may require only 'electron'.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const CANCEL_CHANNEL = 'brokerlab:$cancel';
const UNSUBSCRIBE_CHANNEL = 'brokerlab:$unsubscribe';
const EVENT_CHANNEL = 'brokerlab:$event';
const STREAM_ERROR_CHANNEL = 'brokerlab:$stream-error';
const LAYOUT_ARGUMENT = '--brokerlab-api=';

type Entry = readonly [channel: string, domain: string, key: string];

const layoutArgument = process.argv.find((arg) => arg.startsWith(LAYOUT_ARGUMENT));
const layout = JSON.parse(
  layoutArgument ? layoutArgument.slice(LAYOUT_ARGUMENT.length) : '{"methods":[],"streams":[]}',
) as {
  methods: Entry[];
  streams: Entry[];
};

let nextId = 1;
const subscriptions = new Map<number, { event: (event: unknown) => void; error: (error: unknown) => void }>();
ipcRenderer.on(EVENT_CHANNEL, (_event, id: number, payload: unknown) =>
  subscriptions.get(id)?.event(payload),
);
ipcRenderer.on(STREAM_ERROR_CHANNEL, (_event, id: number, error: unknown) => {
  const subscription = subscriptions.get(id);
  subscriptions.delete(id);
  subscription?.error(error);
});

const api: Record<string, Record<string, unknown>> = {};
for (const [channel, domain, key] of layout.methods) {
  (api[domain] ??= {})[key] = (input: unknown, abort?: (onAbort: () => void) => void) => {
    const id = nextId++;
    if (typeof abort === 'function') abort(() => ipcRenderer.send(CANCEL_CHANNEL, id));
    return ipcRenderer.invoke(channel, input, id);
  };
}
for (const [channel, domain, key] of layout.streams) {
  (api[domain] ??= {})[key] = (
    args: unknown,
    listener: (event: unknown) => void,
    onError: (error: unknown) => void,
  ) => {
    const id = nextId++;
    subscriptions.set(id, { event: listener, error: onError });
    ipcRenderer.send(channel, id, args);
    return () => {
      if (subscriptions.delete(id)) ipcRenderer.send(UNSUBSCRIBE_CHANNEL, id);
    };
  };
}

contextBridge.exposeInMainWorld('brokerlab', api);

/**
 * Binds the contract to IPC: one `ipcMain.handle` per method and one subscribe channel per
 * stream, all derived from the table (channels.ts). Every message is checked first: only our own
 * page's main frame may call (anything else gets FORBIDDEN, or is ignored); then the console
 * service parses the input with the method's schema and answers the error envelope on failure.
 * Calls can be cancelled by id; subscriptions end on unsubscribe or when the page goes away.
 */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { methodNames, streamNames } from '../host/api/contract.js';
import { ApiError } from '../host/api/errors.js';
import type { CallResult } from '../host/api/types.js';
import type { ConsoleService } from '../host/service/console-service.js';
import {
  CANCEL_CHANNEL,
  channelOf,
  EVENT_CHANNEL,
  STREAM_ERROR_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
} from './channels.js';

export type SenderCheck = (event: IpcMainEvent | IpcMainInvokeEvent) => boolean;

export function bindContract(service: ConsoleService, isTrusted: SenderCheck): () => void {
  const calls = new Map<string, AbortController>();
  const subscriptions = new Map<string, () => void>();
  const watched = new WeakSet<WebContents>();
  const key = (sender: WebContents, id: unknown): string => `${sender.id}:${String(id)}`;
  const forbidden: CallResult = {
    ok: false,
    error: new ApiError('FORBIDDEN', 'this frame may not call the console').toEnvelope(),
  };

  // When a page goes away, its calls are cancelled and its streams end.
  const watch = (sender: WebContents): void => {
    if (watched.has(sender)) return;
    watched.add(sender);
    sender.once('destroyed', () => {
      const prefix = `${sender.id}:`;
      for (const [k, controller] of calls) if (k.startsWith(prefix)) controller.abort();
      for (const [k, unsubscribe] of subscriptions) {
        if (!k.startsWith(prefix)) continue;
        subscriptions.delete(k);
        unsubscribe();
      }
    });
  };

  for (const name of methodNames) {
    ipcMain.handle(channelOf(name), async (event, input: unknown, id: unknown) => {
      if (!isTrusted(event)) return forbidden;
      watch(event.sender);
      const controller = new AbortController();
      const k = key(event.sender, id);
      calls.set(k, controller);
      try {
        return await service.dispatch(name, input, { signal: controller.signal });
      } finally {
        calls.delete(k);
      }
    });
  }

  const onCancel = (event: IpcMainEvent, id: unknown): void => {
    if (isTrusted(event)) calls.get(key(event.sender, id))?.abort();
  };
  ipcMain.on(CANCEL_CHANNEL, onCancel);

  const onSubscribe = new Map<string, (event: IpcMainEvent, id: unknown, args: unknown) => void>();
  for (const name of streamNames) {
    const listener = (event: IpcMainEvent, id: unknown, args: unknown): void => {
      if (!isTrusted(event) || (typeof id !== 'number' && typeof id !== 'string')) return;
      const sender = event.sender;
      const k = key(sender, id);
      if (subscriptions.has(k)) return;
      watch(sender);
      const send = (channel: string, payload: unknown): void => {
        if (!sender.isDestroyed()) sender.send(channel, id, payload);
      };
      const unsubscribe = service.subscribe(
        name,
        args,
        (payload) => send(EVENT_CHANNEL, payload),
        (error) => {
          subscriptions.delete(k);
          send(STREAM_ERROR_CHANNEL, error.toEnvelope());
        },
      );
      subscriptions.set(k, unsubscribe);
    };
    onSubscribe.set(channelOf(name), listener);
    ipcMain.on(channelOf(name), listener);
  }

  const onUnsubscribe = (event: IpcMainEvent, id: unknown): void => {
    if (!isTrusted(event)) return;
    const k = key(event.sender, id);
    subscriptions.get(k)?.();
    subscriptions.delete(k);
  };
  ipcMain.on(UNSUBSCRIBE_CHANNEL, onUnsubscribe);

  return () => {
    for (const name of methodNames) ipcMain.removeHandler(channelOf(name));
    for (const [channel, listener] of onSubscribe) ipcMain.off(channel, listener);
    ipcMain.off(CANCEL_CHANNEL, onCancel);
    ipcMain.off(UNSUBSCRIBE_CHANNEL, onUnsubscribe);
    for (const controller of calls.values()) controller.abort();
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    calls.clear();
    subscriptions.clear();
  };
}

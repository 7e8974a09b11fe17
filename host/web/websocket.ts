/**
 * The web host's one WebSocket (`/api/ws`) for streams: each client frame subscribes or
 * unsubscribes by a client-chosen id; events and the error that ends a subscription go back
 * tagged with that id. Closing the socket ends all of its subscriptions. A client that stops
 * reading (its send buffer past a bound) is disconnected rather than buffered without end.
 */
import type { WebSocket } from 'ws';
import { ApiError } from '../api/errors.js';
import { clientFrameSchema, type ServerFrame } from '../api/web-protocol.js';
import type { ConsoleService } from '../service/console-service.js';

const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const MAX_SUBSCRIPTIONS = 256;

export function serveSocket(
  service: ConsoleService,
  socket: WebSocket,
  /** An error for a stream this socket may not open (terminals turned off), else null. */
  refuseStream: (name: string) => ApiError | null = () => null,
): void {
  const subscriptions = new Map<string, () => void>();
  const send = (frame: ServerFrame): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'the client is not keeping up with its streams');
      return;
    }
    socket.send(JSON.stringify(frame));
  };
  const refuse = (id: string, error: ApiError): void =>
    send({ type: 'error', id, error: error.toEnvelope() });

  socket.on('message', (data, isBinary) => {
    let frame;
    try {
      if (isBinary) throw new Error('binary frame');
      frame = clientFrameSchema.parse(JSON.parse(String(data)));
    } catch {
      socket.close(1003, 'frames are JSON subscribe or unsubscribe messages');
      return;
    }
    if (frame.type === 'unsubscribe') {
      subscriptions.get(frame.id)?.();
      subscriptions.delete(frame.id);
      return;
    }
    const { id } = frame;
    if (subscriptions.has(id))
      return refuse(id, new ApiError('INVALID_INPUT', `subscription id ${id} is in use`));
    const refusal = refuseStream(frame.stream);
    if (refusal) return refuse(id, refusal);
    if (subscriptions.size >= MAX_SUBSCRIPTIONS) {
      return refuse(id, new ApiError('UNAVAILABLE', `at most ${MAX_SUBSCRIPTIONS} streams per connection`));
    }
    const unsubscribe = service.subscribe(
      frame.stream,
      frame.args,
      (event) => send({ type: 'event', id, event }),
      (error) => {
        subscriptions.delete(id);
        refuse(id, error);
      },
    );
    subscriptions.set(id, unsubscribe);
  });
  socket.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}

/**
 * A broker's way to the active controller (Kafka's NodeToControllerChannelManager): send to
 * whichever node this broker believes leads the metadata quorum; when that is unknown, not the
 * controller (NOT_CONTROLLER) or unreachable, wait a little and try again, until the deadline.
 */
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import type { BrokerId } from '../../types.js';
import type { ControllerMessages } from '../controller/messages.js';
import type { Sender } from '../links.js';

export class ControllerChannel {
  private closed = false;

  constructor(
    private readonly send: Sender<ControllerMessages>,
    /** The controller as this broker knows it, -1 while unknown. */
    private readonly controllerId: () => BrokerId | -1,
    private readonly backoffMs: number,
  ) {}

  close(): void {
    this.closed = true;
  }

  /** Sends once to the current controller; null when there is none or the request was lost. */
  async tryOnce<K extends keyof ControllerMessages & string>(
    kind: K,
    request: ControllerMessages[K]['request'],
    timeoutMs: number,
  ): Promise<ControllerMessages[K]['response'] | null> {
    const id = this.controllerId();
    if (id === -1 || this.closed) return null;
    try {
      const response = await this.send(id, kind, request, timeoutMs);
      return (response as { errorCode: ErrorCode }).errorCode === ErrorCode.NOT_CONTROLLER ? null : response;
    } catch (err) {
      if (err instanceof Error && err.name === 'LinkError') return null;
      throw err;
    }
  }

  /** Retries until an answer from the active controller, or REQUEST_TIMED_OUT after `timeoutMs`. */
  async call<K extends keyof ControllerMessages & string>(
    kind: K,
    request: ControllerMessages[K]['request'],
    timeoutMs: number,
  ): Promise<ControllerMessages[K]['response']> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || this.closed) {
        throw new KafkaError(
          ErrorCode.REQUEST_TIMED_OUT,
          `no answer from the controller to ${kind} within ${timeoutMs} ms`,
        );
      }
      const response = await this.tryOnce(kind, request, remaining);
      if (response !== null) return response;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(this.backoffMs, Math.max(1, deadline - Date.now()))),
      );
    }
  }
}

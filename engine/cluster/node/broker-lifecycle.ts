/**
 * A broker's standing with the controller (Kafka's BrokerLifecycleManager): register with a new
 * incarnation id at start (and again whenever the controller no longer knows the registration),
 * then heartbeat every `broker.heartbeat.interval.ms`, reporting how far it has applied the
 * metadata. The controller unfences it once it has caught up with its own registration; a broker
 * that stops heartbeating is fenced after `broker.session.timeout.ms`.
 *
 * Controlled shutdown: heartbeats ask to shut down; the controller moves this broker's
 * leaderships away, and answers `shouldShutDown` once the broker has seen those changes.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '../../protocol/errors.js';
import { Alarm } from '../alarm.js';
import type { BrokerId } from '../../types.js';
import type { ClusterSettings } from '../config.js';
import type { ControllerChannel } from './controller-channel.js';

export interface BrokerIdentity {
  readonly clusterId: string;
  readonly brokerId: BrokerId;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export class BrokerLifecycle {
  readonly incarnationId = randomBytes(16).toString('base64url');
  private epoch = -1;
  private fenced = true;
  private running = false;
  private wantShutDown = false;
  private shutdownAcknowledged = false;
  private readonly alarm = new Alarm();
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly channel: ControllerChannel,
    private readonly identity: () => BrokerIdentity,
    private readonly metadataOffset: () => number,
    private readonly settings: ClusterSettings,
  ) {}

  /** The broker epoch of the current registration, -1 before one. */
  get brokerEpoch(): number {
    return this.epoch;
  }

  get isFenced(): boolean {
    return this.fenced;
  }

  /** Registered, and the metadata applied here includes the registration (and what came with it). */
  get isCaughtUp(): boolean {
    return this.epoch >= 0 && this.metadataOffset() > this.epoch;
  }

  start(): void {
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.running = false;
    this.alarm.ring();
    this.notify();
  }

  /** Metadata moved: heartbeat at once if that may unfence this broker. */
  metadataAdvanced(): void {
    if (this.fenced && this.isCaughtUp) this.alarm.ring();
    this.notify();
  }

  /** Resolves when `condition` holds (checked on every state change) or rejects after `timeoutMs`. */
  waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (condition()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        } else if (!this.running) {
          clearTimeout(timer);
          this.waiters.delete(check);
          reject(new Error(`broker ${this.identity().brokerId} stopped before ${what}`));
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`broker ${this.identity().brokerId}: ${what} did not happen within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /**
   * Asks the controller to move this broker's leaderships away and waits for its go-ahead (or the
   * timeout: a broker that cannot reach the controller shuts down anyway, as Kafka's does).
   */
  async controlledShutdown(timeoutMs: number): Promise<boolean> {
    if (this.epoch < 0 || !this.running) return false;
    this.wantShutDown = true;
    this.alarm.ring();
    try {
      await this.waitUntil(() => this.shutdownAcknowledged, timeoutMs, 'controlled shutdown');
      return true;
    } catch {
      return false;
    }
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async run(): Promise<void> {
    while (this.running && !this.shutdownAcknowledged) {
      if (this.epoch < 0) await this.register();
      else await this.heartbeat();
      if (!this.running) return;
      // Registering, catching up to be unfenced, or shutting down: do not wait a whole interval.
      const fast = this.epoch < 0 || this.wantShutDown || (this.fenced && this.isCaughtUp);
      await this.alarm.sleep(
        fast ? Math.min(20, this.settings.heartbeatIntervalMs) : this.settings.heartbeatIntervalMs,
      );
    }
  }

  private async register(): Promise<void> {
    const identity = this.identity();
    const response = await this.channel.tryOnce(
      'controller.registerBroker',
      { ...identity, incarnationId: this.incarnationId },
      this.settings.controllerRequestTimeoutMs,
    );
    if (response?.errorCode === ErrorCode.NONE) {
      this.epoch = response.brokerEpoch;
      this.fenced = true;
      this.notify();
    }
  }

  private async heartbeat(): Promise<void> {
    const response = await this.channel.tryOnce(
      'controller.heartbeat',
      {
        brokerId: this.identity().brokerId,
        brokerEpoch: this.epoch,
        currentMetadataOffset: this.metadataOffset(),
        wantFence: false,
        wantShutDown: this.wantShutDown,
      },
      Math.max(this.settings.heartbeatIntervalMs, 50),
    );
    if (!response) return;
    if (response.errorCode === ErrorCode.STALE_BROKER_EPOCH) {
      // The controller no longer knows this registration: register again.
      this.epoch = -1;
      this.fenced = true;
    } else if (response.errorCode === ErrorCode.NONE) {
      this.fenced = response.isFenced;
      if (response.shouldShutDown) this.shutdownAcknowledged = true;
    }
    this.notify();
  }
}

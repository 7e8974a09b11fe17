/**
 * The connections the console knows (the embedded cluster first, then saved remote clusters) and the
 * active one. Each starts in the background; callers that need it wait until it is ready, or get
 * UNAVAILABLE with the reason it is not. A connection that failed or stopped starts again when
 * selected.
 */
import { ApiError } from '../api/errors.js';
import type { Capabilities, Connection } from '../api/schemas/connections.js';
import type { Backend } from './backend.js';

export interface ConnectionDefinition {
  readonly id: string;
  readonly name: string;
  readonly kind: 'embedded' | 'remote';
  /** What is known before it starts (the configured listeners); replaced by the running info. */
  readonly bootstrap: string;
  readonly capabilities: Capabilities;
  start(): Promise<Backend>;
}

interface Entry {
  readonly definition: ConnectionDefinition;
  status: Connection['status'];
  error: string | null;
  backend: Backend | null;
  starting: Promise<Backend> | null;
}

export class ConnectionRegistry {
  private readonly entries = new Map<string, Entry>();
  private activeId: string | null = null;
  private readonly listeners = new Set<(active: Connection) => void>();

  /**
   * Adds a connection and starts it; the first one added becomes active. A `saved` one (a remote
   * cluster from the settings) waits, stopped, until it is selected, and never becomes active by
   * itself; the list shows the embedded cluster first whatever the order of adding.
   */
  add(definition: ConnectionDefinition, options: { readonly saved?: boolean } = {}): Connection {
    if (this.entries.has(definition.id))
      throw new ApiError('ALREADY_EXISTS', `a connection ${definition.id} exists`);
    const entry: Entry = { definition, status: 'stopped', error: null, backend: null, starting: null };
    this.entries.set(definition.id, entry);
    if (options.saved) return this.view(entry);
    this.activeId ??= definition.id;
    void this.start(entry).catch(() => {});
    return this.view(entry);
  }

  /**
   * Puts a changed definition in place of the one with its id (an edited connection): the old
   * one stops, and the new one starts if the connection was active or running.
   */
  async replace(definition: ConnectionDefinition): Promise<Connection> {
    const entry = this.entries.get(definition.id);
    if (!entry) throw new ApiError('NOT_FOUND', `there is no connection ${definition.id}`);
    const wasRunning = entry.status !== 'stopped' || definition.id === this.activeId;
    await this.stopEntry(entry);
    const fresh: Entry = { definition, status: 'stopped', error: null, backend: null, starting: null };
    this.entries.set(definition.id, fresh);
    if (wasRunning) void this.start(fresh).catch(() => {});
    else this.changed(fresh);
    return this.view(fresh);
  }

  /** Stops and forgets a connection; if it was active, the first connection becomes active. */
  async remove(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) throw new ApiError('NOT_FOUND', `there is no connection ${id}`);
    this.entries.delete(id);
    if (this.activeId === id) {
      const first =
        [...this.entries.values()].find((e) => e.definition.kind === 'embedded') ??
        this.entries.values().next().value;
      this.activeId = first?.definition.id ?? null;
      if (first) {
        if (first.status === 'failed' || first.status === 'stopped') void this.start(first).catch(() => {});
        else this.changed(first);
      }
    }
    await this.stopEntry(entry);
  }

  list(): Connection[] {
    const all = [...this.entries.values()];
    const embedded = all.filter((e) => e.definition.kind === 'embedded');
    return [...embedded, ...all.filter((e) => e.definition.kind !== 'embedded')].map((e) => this.view(e));
  }

  active(): Connection {
    return this.view(this.activeEntry());
  }

  /** Makes a connection active, starting it again if it failed or was stopped. */
  select(id: string): Connection {
    const entry = this.entries.get(id);
    if (!entry) throw new ApiError('NOT_FOUND', `there is no connection ${id}`);
    const changed = this.activeId !== id;
    this.activeId = id;
    if (entry.status === 'failed' || entry.status === 'stopped') void this.start(entry).catch(() => {});
    else if (changed) this.changed(entry);
    return this.view(entry);
  }

  /** The active connection's backend, once it is ready. */
  async backend(signal?: AbortSignal): Promise<Backend> {
    const entry = this.activeEntry();
    if (entry.backend) return entry.backend;
    if (!entry.starting) throw this.unavailable(entry);
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(new ApiError('CANCELLED', 'cancelled'));
      signal?.addEventListener('abort', () => reject(new ApiError('CANCELLED', 'cancelled')), { once: true });
    });
    aborted.catch(() => {});
    try {
      return await Promise.race([entry.starting, aborted]);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CANCELLED') throw err;
      throw this.unavailable(entry);
    }
  }

  /** Runs on every change of the active connection or of its status. */
  onChange(listener: (active: Connection) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every running connection gracefully. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => this.stopEntry(entry)));
  }

  private async stopEntry(entry: Entry): Promise<void> {
    const starting = entry.starting;
    const backend = entry.backend;
    entry.backend = null;
    entry.starting = null;
    // A start still under way sees `starting` changed and stops what it made by itself.
    await starting?.catch(() => null);
    if (backend) await backend.stop();
    this.setStatus(entry, 'stopped', null);
  }

  private start(entry: Entry): Promise<Backend> {
    this.setStatus(entry, 'starting', null);
    const starting = entry.definition.start().then(
      (backend) => {
        if (entry.starting !== starting) {
          void backend.stop();
          throw new ApiError('UNAVAILABLE', 'the connection was stopped while starting');
        }
        entry.backend = backend;
        entry.starting = null;
        backend.onFailure((error) => {
          if (entry.backend !== backend) return;
          entry.backend = null;
          this.setStatus(entry, 'failed', error.message);
        });
        this.setStatus(entry, 'ready', null);
        return backend;
      },
      (err: unknown) => {
        if (entry.starting === starting) {
          entry.starting = null;
          this.setStatus(entry, 'failed', err instanceof Error ? err.message : String(err));
        }
        throw err;
      },
    );
    entry.starting = starting;
    return starting;
  }

  private activeEntry(): Entry {
    const entry = this.activeId === null ? undefined : this.entries.get(this.activeId);
    if (!entry) throw new ApiError('UNAVAILABLE', 'no connection is configured');
    return entry;
  }

  private unavailable(entry: Entry): ApiError {
    const what = entry.definition.kind === 'embedded' ? 'the embedded cluster' : entry.definition.name;
    return new ApiError(
      'UNAVAILABLE',
      entry.status === 'failed'
        ? `${what} is not running: ${entry.error ?? 'it failed'}`
        : `${what} is not running`,
    );
  }

  private setStatus(entry: Entry, status: Connection['status'], error: string | null): void {
    entry.status = status;
    entry.error = error;
    this.changed(entry);
  }

  private changed(entry: Entry): void {
    if (entry.definition.id !== this.activeId) return;
    const view = this.view(entry);
    for (const listener of [...this.listeners]) listener(view);
  }

  private view(entry: Entry): Connection {
    const { definition } = entry;
    return {
      id: definition.id,
      name: definition.name,
      kind: definition.kind,
      bootstrap: entry.backend?.info.bootstrap ?? definition.bootstrap,
      status: entry.status,
      error: entry.error,
      active: definition.id === this.activeId,
      capabilities: entry.backend?.info.capabilities ?? definition.capabilities,
    };
  }
}

/**
 * The user's saved remote clusters behind connections.add/get/update/test/remove/storage: kept in
 * connections.json in the settings folder, registered with the console's ConnectionRegistry
 * (after the embedded cluster, which always stays first), started when selected.
 *
 * Secrets are never written in plain text. With a cipher (the desktop's safeStorage, when it
 * works) they are stored encrypted beside each connection. Without one (browser mode, no key
 * ring) they stay in this process's memory for the launch, unless the user opts a connection in
 * to the 0600 secrets file, which the CLI can read too. A secret that is nowhere may still come
 * from an environment variable named for the connection.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../api/errors.js';
import type {
  Connection,
  ConnectionSettings,
  ConnectionStorage,
  ConnectionTestReport,
  SavedConnection,
  SecretMode,
} from '../api/schemas/connections.js';
import type { RegistryEndpoint } from '../schema-registry/rest-client.js';
import type { ConnectionRegistry } from '../service/connections.js';
import {
  connectionProperties,
  MissingSecretError,
  requiredSecrets,
  withEnvSecrets,
} from './client-properties.js';
import {
  connectionsFileName,
  keepBadFile,
  loadConnectionsFile,
  saveConnectionsFile,
  type StoredConnection,
} from './connection-file.js';
import { remoteConnection } from './remote-definition.js';
import { readSecretsFile, secretsFileName, writeSecretsFile } from './secrets-file.js';
import { compactSecrets, secretLabels, type ConnectionSecrets, type SecretCipher } from './secrets.js';
import { testConnection } from './test-connection.js';
import { withRegistryCheck } from './test-registry.js';

export interface SavedConnectionsOptions {
  /** The settings folder (created 0700 on the first save). */
  readonly dir: string;
  readonly registry: ConnectionRegistry;
  /** The desktop's encryption (safeStorage); absent in browser mode. */
  readonly cipher?: SecretCipher;
  readonly env?: NodeJS.ProcessEnv;
}

export class SavedConnections {
  private stored: StoredConnection[] = [];
  /** Every secret known in this process, by connection id, whatever its mode. */
  private readonly secrets = new Map<string, ConnectionSecrets>();
  private problem: string | null = null;
  private badFile = false;
  /** Saves run one after the other, so two edits never interleave their writes. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly options: SavedConnectionsOptions) {}

  /** Reads the saved connections and registers them (not started: selecting one starts it). */
  static async open(options: SavedConnectionsOptions): Promise<SavedConnections> {
    const saved = new SavedConnections(options);
    await saved.load();
    return saved;
  }

  storage(): ConnectionStorage {
    return {
      settingsFile: join(this.options.dir, connectionsFileName),
      secrets: this.encryptionAvailable() ? 'encrypted' : 'memory',
      secretsFile: join(this.options.dir, secretsFileName),
      problem: this.problem,
    };
  }

  get(id: string): SavedConnection {
    const c = this.find(id);
    const secrets = this.secrets.get(id) ?? {};
    return {
      id: c.id,
      name: c.name,
      bootstrap: c.bootstrap,
      securityProtocol: c.securityProtocol,
      sasl: c.sasl,
      tls: c.tls,
      clientId: c.clientId,
      schemaRegistry: c.schemaRegistry ?? null,
      secrets: {
        mode: c.secrets.mode,
        missing: requiredSecrets(c)
          .filter((name) => secrets[name] === undefined)
          .map((name) => secretLabels[name]),
      },
    };
  }

  async add(settings: ConnectionSettings): Promise<Connection> {
    this.checkName(settings.name, null);
    const id = this.newId(settings.name);
    const secrets = secretsOf(settings, {});
    const stored = this.toStored(id, settings);
    checkSecrets(stored, secrets);
    await this.change([...this.stored, stored], id, secrets);
    return this.options.registry.add(this.definition(stored), { saved: true });
  }

  async update(id: string, settings: ConnectionSettings): Promise<Connection> {
    this.find(id);
    this.checkName(settings.name, id);
    const secrets = secretsOf(settings, this.secrets.get(id) ?? {});
    const stored = this.toStored(id, settings);
    checkSecrets(stored, secrets);
    await this.change(
      this.stored.map((c) => (c.id === id ? stored : c)),
      id,
      secrets,
    );
    return this.options.registry.replace(this.definition(stored));
  }

  async remove(id: string): Promise<void> {
    if (!this.stored.some((c) => c.id === id)) {
      if (this.options.registry.list().some((c) => c.id === id))
        throw new ApiError('CONFLICT', 'the embedded cluster is always there: it cannot be removed');
      throw new ApiError('NOT_FOUND', `there is no saved connection ${id}`);
    }
    await this.change(
      this.stored.filter((c) => c.id !== id),
      id,
      null,
    );
    await this.options.registry.remove(id);
  }

  /** Tests saved settings (id), new ones (settings), or an edit of a saved one (both: its secrets fill the gaps). */
  async test(input: {
    id?: string | undefined;
    settings?: ConnectionSettings | undefined;
  }): Promise<ConnectionTestReport> {
    const saved = input.id === undefined ? undefined : this.find(input.id);
    const stored = input.settings ? this.toStored(saved?.id ?? 'test', input.settings) : saved!;
    const known = saved ? (this.secrets.get(saved.id) ?? {}) : {};
    const secrets = input.settings ? secretsOf(input.settings, known) : known;
    let properties;
    let given: ConnectionSecrets;
    try {
      given = withEnvSecrets(stored, secrets, this.env, 'given');
      properties = connectionProperties(stored, given);
    } catch (error) {
      if (!(error instanceof MissingSecretError)) throw error;
      const text = `The settings cannot be used: ${error.message}.`;
      return {
        ok: false,
        summary: text,
        steps: [{ ok: false, text }],
        clusterId: null,
        brokers: [],
        controllerId: null,
        kafkaVersions: null,
        elapsedMs: 0,
      };
    }
    const report = await testConnection(stored.bootstrap, properties, this.env);
    if (!stored.schemaRegistry) return report;
    let endpoint: RegistryEndpoint;
    try {
      endpoint = registryEndpoint(stored, given)!;
    } catch (error) {
      const text = `The schema registry cannot be used: ${(error as Error).message}.`;
      return { ...report, ok: false, summary: text, steps: [...report.steps, { ok: false, text }] };
    }
    return withRegistryCheck(report, endpoint);
  }

  /**
   * The registry saved with a connection, its password and CA in place (a CA file is read now,
   * so a changed file counts); undefined when it has none. An error names what is missing.
   */
  registryOf(id: string): RegistryEndpoint | undefined {
    const c = this.stored.find((s) => s.id === id);
    if (!c?.schemaRegistry) return undefined;
    let secrets: ConnectionSecrets;
    try {
      secrets = withEnvSecrets(c, this.secrets.get(id) ?? {}, this.env, whereSecretsWere(c.secrets.mode));
    } catch (error) {
      if (error instanceof MissingSecretError) throw new ApiError('UNAUTHORIZED', error.message);
      throw error;
    }
    return registryEndpoint(c, secrets);
  }

  private get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  private encryptionAvailable(): boolean {
    return this.options.cipher?.isAvailable() ?? false;
  }

  private async load(): Promise<void> {
    const loaded = await loadConnectionsFile(this.options.dir);
    if (!loaded.ok) {
      this.problem = `${loaded.problem}. No saved connection was loaded; the file is kept as it is.`;
      this.badFile = true;
      return;
    }
    const problems: string[] = [];
    let fileSecrets = new Map<string, ConnectionSecrets>();
    if (loaded.connections.some((c) => c.secrets.mode === 'file')) {
      try {
        fileSecrets = await readSecretsFile(this.options.dir);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    for (const c of loaded.connections) {
      if (c.secrets.mode === 'file') this.secrets.set(c.id, fileSecrets.get(c.id) ?? {});
      if (c.secrets.mode === 'encrypted') {
        try {
          if (!this.encryptionAvailable()) throw new Error('encryption is not available in this session');
          this.secrets.set(
            c.id,
            JSON.parse(this.options.cipher!.decrypt(c.secrets.data)) as ConnectionSecrets,
          );
        } catch (error) {
          problems.push(`the secrets of "${c.name}" could not be decrypted (${(error as Error).message})`);
        }
      }
      this.stored.push(c);
      this.options.registry.add(this.definition(c), { saved: true });
    }
    if (problems.length > 0)
      this.problem = `${problems.join('; ')}. Enter them again by editing the connection.`;
  }

  /** Puts a new list and one connection's secrets (null: gone) in place and saves; a failed save changes nothing. */
  private async change(
    stored: StoredConnection[],
    id: string,
    secrets: ConnectionSecrets | null,
  ): Promise<void> {
    const before = { stored: this.stored, secrets: this.secrets.get(id) };
    this.stored = stored;
    if (secrets) this.secrets.set(id, secrets);
    else this.secrets.delete(id);
    try {
      await this.save();
    } catch (error) {
      this.stored = before.stored;
      if (before.secrets) this.secrets.set(id, before.secrets);
      else this.secrets.delete(id);
      throw error;
    }
  }

  private async save(): Promise<void> {
    const run = this.saving.then(async () => {
      await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      if (this.badFile) {
        const aside = await keepBadFile(this.options.dir);
        this.badFile = false;
        this.problem = `The unreadable connections file was kept as ${aside}.`;
      }
      const toFile = new Map<string, ConnectionSecrets>();
      const entries = this.stored.map((c): StoredConnection => {
        const secrets = compactSecrets(this.secrets.get(c.id) ?? {});
        if (c.secrets.mode === 'encrypted')
          return {
            ...c,
            secrets: { mode: 'encrypted', data: this.options.cipher!.encrypt(JSON.stringify(secrets)) },
          };
        if (c.secrets.mode === 'file') toFile.set(c.id, secrets);
        return c;
      });
      // The secrets file is rewritten whenever it exists or is needed, so a removed connection's secrets go too.
      if (toFile.size > 0 || (await readSecretsFile(this.options.dir).catch(() => new Map())).size > 0)
        await writeSecretsFile(this.options.dir, toFile);
      await saveConnectionsFile(this.options.dir, entries);
    });
    this.saving = run.catch(() => {});
    try {
      await run;
    } catch (error) {
      throw new ApiError(
        'INTERNAL',
        `the connections could not be saved in ${this.options.dir}: ${(error as Error).message}`,
      );
    }
  }

  private definition(c: StoredConnection) {
    return remoteConnection(c.id, c.name, c.bootstrap, () => {
      const current = this.find(c.id);
      return connectionProperties(
        current,
        withEnvSecrets(
          current,
          this.secrets.get(c.id) ?? {},
          this.env,
          whereSecretsWere(current.secrets.mode),
        ),
      );
    });
  }

  private toStored(id: string, s: ConnectionSettings): StoredConnection {
    const mode: SecretMode = this.encryptionAvailable()
      ? 'encrypted'
      : s.saveSecretsToFile
        ? 'file'
        : 'memory';
    const tls = s.tls;
    return {
      id,
      name: s.name,
      bootstrap: s.bootstrap
        .split(',')
        .map((b) => b.trim())
        .join(','),
      securityProtocol: s.securityProtocol,
      sasl: s.sasl ? { mechanism: s.sasl.mechanism, username: s.sasl.username } : null,
      tls: tls
        ? {
            ca: tls.ca ?? null,
            certificate: tls.certificate ?? null,
            key: tls.key ? (tls.key.kind === 'pem' ? { kind: 'pem' } : tls.key) : null,
            verifyHostname: tls.verifyHostname,
          }
        : null,
      clientId: s.clientId ? s.clientId : null,
      schemaRegistry: s.schemaRegistry
        ? {
            url: s.schemaRegistry.url,
            username: s.schemaRegistry.username ?? null,
            ca: s.schemaRegistry.ca ?? null,
          }
        : null,
      // The encrypted data is written by save(); until then only the mode matters.
      secrets: mode === 'encrypted' ? { mode, data: '' } : { mode },
    };
  }

  private find(id: string): StoredConnection {
    const found = this.stored.find((c) => c.id === id);
    if (!found) {
      if (this.options.registry.list().some((c) => c.id === id))
        throw new ApiError('CONFLICT', `${id} is the embedded cluster: it has no saved settings`);
      throw new ApiError('NOT_FOUND', `there is no saved connection ${id}`);
    }
    return found;
  }

  private checkName(name: string, except: string | null): void {
    const taken = this.options.registry
      .list()
      .some((c) => c.id !== except && c.name.toLowerCase() === name.toLowerCase());
    if (taken)
      throw new ApiError('ALREADY_EXISTS', `a connection named "${name}" exists: choose another name`);
  }

  private newId(name: string): string {
    const stem =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'cluster';
    const taken = new Set(this.options.registry.list().map((c) => c.id));
    let id = stem;
    for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
    return id;
  }
}

/**
 * The registry saved with a connection, its password and CA in place (a CA file is read now, so
 * a changed file counts); undefined when it has none.
 */
function registryEndpoint(c: StoredConnection, secrets: ConnectionSecrets): RegistryEndpoint | undefined {
  const registry = c.schemaRegistry;
  if (!registry) return undefined;
  let ca: string | undefined;
  if (registry.ca?.kind === 'pem') ca = registry.ca.pem;
  else if (registry.ca?.kind === 'file') {
    try {
      ca = readFileSync(registry.ca.path, 'utf8');
    } catch (error) {
      throw new ApiError(
        'INVALID_INPUT',
        `the schema registry CA file ${registry.ca.path} cannot be read: ${(error as Error).message}`,
      );
    }
  }
  return {
    url: registry.url,
    ...(registry.username !== null
      ? { username: registry.username, password: secrets.registryPassword }
      : {}),
    ...(ca !== undefined ? { ca } : {}),
  };
}

/** The settings' secrets, the known ones filling what an edit left out. */
function secretsOf(s: ConnectionSettings, known: ConnectionSecrets): ConnectionSecrets {
  const password = s.sasl ? (s.sasl.password ?? known.password) : undefined;
  const key = s.tls?.key?.kind === 'pem' ? (s.tls.key.pem ?? known.key) : undefined;
  const keyPassword = s.tls?.key
    ? s.tls.keyPassword === undefined
      ? known.keyPassword
      : s.tls.keyPassword || undefined
    : undefined;
  const registryPassword = s.schemaRegistry?.username
    ? (s.schemaRegistry.password ?? known.registryPassword)
    : undefined;
  return compactSecrets({ password, key, keyPassword, registryPassword });
}

function checkSecrets(stored: StoredConnection, secrets: ConnectionSecrets): void {
  const issues = requiredSecrets(stored)
    .filter((name) => secrets[name] === undefined)
    .map((name) => ({
      path:
        name === 'password'
          ? ['sasl', 'password']
          : name === 'registryPassword'
            ? ['schemaRegistry', 'password']
            : ['tls', 'key', 'pem'],
      message: `the ${secretLabels[name]} is required`,
      code: 'custom',
    }));
  if (issues.length > 0)
    throw new ApiError('INVALID_INPUT', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), {
      issues,
    });
}

function whereSecretsWere(mode: SecretMode): string {
  if (mode === 'memory') return 'for this launch (secrets are kept in memory until the console stops)';
  if (mode === 'file') return 'in the secrets file';
  return "that the desktop's key store could decrypt";
}

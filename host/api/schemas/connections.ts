/**
 * Connections: the embedded cluster (always first) and, later, remote clusters. One is active;
 * every other method works on the active one. Capabilities say which local-only features the
 * active connection has, so the console can show them as local-only instead of failing.
 */
import { z } from 'zod';

export const capabilitiesSchema = z.object({
  /** Kill, stop, isolate, delay, ... (embedded only). */
  faults: z.boolean(),
  /** The `cluster.events` stream (embedded only). */
  clusterEvents: z.boolean(),
  /** Broker states beyond "up" (down, fenced, isolated) in the snapshot (embedded only). */
  brokerStates: z.boolean(),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

export const connectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['embedded', 'remote']),
  /** host:port,host:port,... as Kafka clients take it. */
  bootstrap: z.string(),
  /** starting: the worker or the cluster is not up yet; failed: see `error`. */
  status: z.enum(['starting', 'ready', 'failed', 'stopped']),
  error: z.string().nullable(),
  active: z.boolean(),
  capabilities: capabilitiesSchema,
});
export type Connection = z.infer<typeof connectionSchema>;

export const connectionIdInputSchema = z.strictObject({
  id: z.string().min(1, { error: 'a connection id is required' }),
});

/** A change of the active connection or of its status. */
export const connectionEventSchema = connectionSchema;

// Saved remote clusters: what the connections page adds, edits, tests and removes.

export const securityProtocols = ['PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'] as const;
export const saslMechanismNames = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

const bootstrapEntry = /^(?:\[[^\]]+\]|[^:,\s]+):\d{1,5}$/;

/** host:port,host:port,... (IPv6 hosts in brackets). */
export const bootstrapServersSchema = z
  .string({ error: 'bootstrap servers are required (host:port,...)' })
  .trim()
  .min(1, { error: 'bootstrap servers are required (host:port,...)' })
  .refine(
    (text) =>
      text
        .split(',')
        .map((s) => s.trim())
        .every((s) => bootstrapEntry.test(s) && Number(s.slice(s.lastIndexOf(':') + 1)) <= 65535),
    { error: 'bootstrap servers are host:port entries separated by commas' },
  );

/** A certificate or CA given as PEM text or as the path of a PEM file. */
export const pemSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pem'),
    pem: z.string().refine((t) => t.includes('-----BEGIN '), { error: 'PEM text starts with -----BEGIN' }),
  }),
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1, { error: 'a file path is required' }) }),
]);
export type PemSource = z.infer<typeof pemSourceSchema>;

/** The private key: PEM text is a secret; absent text on an edit keeps the saved key. */
export const privateKeySourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pem'),
    pem: z
      .string()
      .refine((t) => t.includes('-----BEGIN '), { error: 'PEM text starts with -----BEGIN' })
      .optional(),
  }),
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1, { error: 'a file path is required' }) }),
]);

/**
 * A schema registry beside the cluster, by its base URL (Confluent's, Karapace, or Apicurio's
 * ccompat API such as https://host/apis/ccompat/v7), with optional basic auth and a CA for https.
 */
export const registrySettingsSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'the registry URL is http:// or https://' })
    .max(2000, { error: 'a URL has at most 2000 characters' }),
  /** Basic auth user name (or API key). */
  username: z.string().min(1, { error: 'a user name is required for basic auth' }).optional(),
  /** Absent on an edit: the saved password is kept. */
  password: z.string().optional(),
  /** Absent: the system's CAs. */
  ca: pemSourceSchema.optional(),
});

export const connectionSettingsSchema = z
  .strictObject({
    name: z
      .string({ error: 'a name is required' })
      .trim()
      .min(1, { error: 'a name is required' })
      .max(100, { error: 'a name has at most 100 characters' }),
    bootstrap: bootstrapServersSchema,
    securityProtocol: z.enum(securityProtocols).default('PLAINTEXT'),
    sasl: z
      .strictObject({
        mechanism: z.enum(saslMechanismNames).default('PLAIN'),
        username: z.string().min(1, { error: 'a user name is required' }),
        /** Absent on an edit: the saved password is kept. */
        password: z.string().optional(),
      })
      .optional(),
    tls: z
      .strictObject({
        /** Absent: the system's CAs. */
        ca: pemSourceSchema.optional(),
        certificate: pemSourceSchema.optional(),
        key: privateKeySourceSchema.optional(),
        /** Absent on an edit: the saved one is kept; empty: none. */
        keyPassword: z.string().optional(),
        verifyHostname: z.boolean().default(true),
      })
      .optional(),
    clientId: z.string().max(255, { error: 'a client id has at most 255 characters' }).optional(),
    /** The cluster's schema registry, for the Schemas view, decoding and producing with a schema. */
    schemaRegistry: registrySettingsSchema.optional(),
    /** Where no encryption is available: keep the secrets in a file only the user can read (0600). */
    saveSecretsToFile: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    const saslProtocol = s.securityProtocol.startsWith('SASL');
    const tlsProtocol = s.securityProtocol.endsWith('SSL');
    if (saslProtocol && !s.sasl)
      ctx.addIssue({
        code: 'custom',
        path: ['sasl'],
        message: `${s.securityProtocol} needs a SASL user name and password`,
      });
    if (!saslProtocol && s.sasl)
      ctx.addIssue({
        code: 'custom',
        path: ['sasl'],
        message: 'SASL settings need SASL_PLAINTEXT or SASL_SSL',
      });
    if (!tlsProtocol && s.tls)
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'TLS settings need SSL or SASL_SSL' });
    if (s.tls && Boolean(s.tls.certificate) !== Boolean(s.tls.key))
      ctx.addIssue({
        code: 'custom',
        path: ['tls', s.tls.certificate ? 'key' : 'certificate'],
        message: 'a client certificate and its private key go together',
      });
  });
export type ConnectionSettingsInput = z.input<typeof connectionSettingsSchema>;
export type ConnectionSettings = z.output<typeof connectionSettingsSchema>;

export const connectionsUpdateInputSchema = z.strictObject({
  id: z.string().min(1, { error: 'a connection id is required' }),
  settings: connectionSettingsSchema,
});

/** Test the saved connection (`id`), new settings (`settings`), or edited settings of a saved one (both). */
export const connectionsTestInputSchema = z
  .strictObject({
    id: z.string().min(1, { error: 'a connection id is required' }).optional(),
    settings: connectionSettingsSchema.optional(),
  })
  .refine((t) => t.id !== undefined || t.settings !== undefined, {
    error: 'give the id of a saved connection or its settings',
    path: ['settings'],
  });

/** How secrets are kept: encrypted by the desktop's key store, or in this process's memory for the launch. */
export const secretModeSchema = z.enum(['encrypted', 'memory', 'file']);
export type SecretMode = z.infer<typeof secretModeSchema>;

/** A saved connection as the edit form shows it: everything but the secrets, and where those are. */
export const savedConnectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  bootstrap: z.string(),
  securityProtocol: z.enum(securityProtocols),
  sasl: z.object({ mechanism: z.enum(saslMechanismNames), username: z.string() }).nullable(),
  tls: z
    .object({
      ca: pemSourceSchema.nullable(),
      certificate: pemSourceSchema.nullable(),
      /** A file path, or `{ kind: 'pem' }` when the key's text is kept with the secrets. */
      key: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('pem') }),
          z.object({ kind: z.literal('file'), path: z.string() }),
        ])
        .nullable(),
      verifyHostname: z.boolean(),
    })
    .nullable(),
  clientId: z.string().nullable(),
  schemaRegistry: z
    .object({ url: z.string(), username: z.string().nullable(), ca: pemSourceSchema.nullable() })
    .nullable(),
  /** Where this connection's secrets are kept, and which are missing (not saved, e.g. after a restart). */
  secrets: z.object({ mode: secretModeSchema, missing: z.array(z.string()) }),
});
export type SavedConnection = z.infer<typeof savedConnectionSchema>;

export const connectionStorageSchema = z.object({
  /** The file the connections are saved in (without secrets). */
  settingsFile: z.string(),
  /** encrypted: the desktop's key store encrypts them; memory: kept for this launch unless a connection opts in to `file`. */
  secrets: z.enum(['encrypted', 'memory']),
  /** The 0600 file secrets go to when a connection opts in. */
  secretsFile: z.string(),
  /** Why the saved connections could not be read (the file is kept as it is), or null. */
  problem: z.string().nullable(),
});
export type ConnectionStorage = z.infer<typeof connectionStorageSchema>;

export const connectionTestReportSchema = z.object({
  ok: z.boolean(),
  /** One line: what was reached, or the first thing that failed. */
  summary: z.string(),
  /** Each check in order, in plain words; the failed one (if any) is last. */
  steps: z.array(z.object({ ok: z.boolean(), text: z.string() })),
  clusterId: z.string().nullable(),
  brokers: z.array(z.object({ nodeId: z.number().int(), host: z.string(), port: z.number().int() })),
  controllerId: z.number().int().nullable(),
  /** e.g. "Apache Kafka 3.7 – 3.8", from the API versions the broker speaks. */
  kafkaVersions: z.string().nullable(),
  elapsedMs: z.number(),
});
export type ConnectionTestReport = z.infer<typeof connectionTestReportSchema>;

export const connectionRefOutputSchema = z.object({ id: z.string() });

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

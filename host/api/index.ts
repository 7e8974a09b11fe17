/**
 * The console's contract, shared by the host, the Electron shell, the renderer and the CLI.
 * Depends on zod only: no Node built-ins, no engine.
 */
export * from './bytes.js';
export * from './client.js';
export * from './contract.js';
export * from './errors.js';
export * from './reserved.js';
export * from './types.js';
export * from './web-client.js';
export * from './web-files.js';
export * from './web-protocol.js';
export * from './schemas/cluster.js';
export * from './schemas/common.js';
export * from './schemas/connections.js';
export * from './schemas/faults.js';
export * from './schemas/groups.js';
export * from './schemas/jobs.js';
export * from './schemas/messages.js';
export * from './schemas/terminals.js';
export * from './schemas/topics.js';
export * from './schemas/transfer.js';

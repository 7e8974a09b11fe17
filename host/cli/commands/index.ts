/**
 * Every verb of the `brokerlab` CLI, in the order `brokerlab --help` lists them. A verb module
 * exports a `register(program, io)`; add it here.
 */
import type { RegisterCommands } from '../program.js';
import { registerBroker } from './broker.js';
import { registerCluster } from './cluster.js';
import { registerConsume } from './consume.js';
import { registerGroups } from './groups.js';
import { registerNet } from './net.js';
import { registerProduce } from './produce.js';
import { registerSchemas } from './schemas.js';
import { registerServe } from './serve.js';
import { registerStatus } from './status.js';
import { registerTopics } from './topics.js';
import { registerTransactions } from './transactions.js';
import { registerTransfer } from './transfer.js';

export const verbs: readonly RegisterCommands[] = [
  registerCluster,
  registerServe,
  registerStatus,
  registerBroker,
  registerNet,
  registerTopics,
  registerProduce,
  registerConsume,
  registerGroups,
  registerTransactions,
  registerTransfer,
  registerSchemas,
];

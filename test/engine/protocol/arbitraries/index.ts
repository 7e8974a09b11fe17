/** An arbitrary of every request and response of every API the registry speaks, by API name. */
import type { SupportedApiName } from '../../../../engine/protocol/registry.js';
import * as admin from './admin.js';
import * as core from './core.js';
import * as groups from './groups.js';
import type { MessageArbitraries } from './primitives.js';
import * as transactions from './transactions.js';

export const arbitraries: Record<SupportedApiName, MessageArbitraries> = {
  ...core,
  ...admin,
  ...groups,
  ...transactions,
};

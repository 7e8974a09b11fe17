/**
 * Authorized-operations bit fields (KIP-430) as a broker without an authorizer reports them:
 * every operation the resource type supports (Kafka's AclEntry.supportedOperations), one bit per
 * AclOperation code. Requests that do not ask get Integer.MIN_VALUE, the schema's "omitted".
 */
const AclOperation = {
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
} as const;

const bits = (...operations: number[]): number => operations.reduce((field, op) => field | (1 << op), 0);

export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

export const TOPIC_OPERATIONS = bits(
  AclOperation.READ,
  AclOperation.WRITE,
  AclOperation.CREATE,
  AclOperation.DESCRIBE,
  AclOperation.DELETE,
  AclOperation.ALTER,
  AclOperation.DESCRIBE_CONFIGS,
  AclOperation.ALTER_CONFIGS,
);

export const CLUSTER_OPERATIONS = bits(
  AclOperation.CREATE,
  AclOperation.CLUSTER_ACTION,
  AclOperation.DESCRIBE_CONFIGS,
  AclOperation.ALTER_CONFIGS,
  AclOperation.IDEMPOTENT_WRITE,
  AclOperation.ALTER,
  AclOperation.DESCRIBE,
);

export const GROUP_OPERATIONS = bits(
  AclOperation.READ,
  AclOperation.DESCRIBE,
  AclOperation.DELETE,
  AclOperation.DESCRIBE_CONFIGS,
  AclOperation.ALTER_CONFIGS,
);

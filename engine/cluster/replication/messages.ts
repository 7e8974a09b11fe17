/**
 * What brokers send each other about partition data: the follower fetch, the same request a
 * consumer sends, with the follower's id. Record batches in the answer are the leader's Buffer
 * slices, handed over without a copy.
 */
import type { FetchInput, PartitionFetchResult } from '../../broker/services.js';

export interface ReplicaMessages {
  'replica.fetch': { request: FetchInput; response: PartitionFetchResult[] };
}

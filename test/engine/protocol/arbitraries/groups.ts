/** Arbitraries of the consumer-group APIs. */
import { AUTHORIZED_OPERATIONS_OMITTED } from '../../../../engine/protocol/apis/metadata.js';
import {
  array,
  bool,
  bytes,
  fc,
  int16,
  int32,
  int64,
  int8,
  nameOrId,
  nullableString,
  one,
  since,
  string,
  type MessageArbitraries,
} from './primitives.js';

export const FindCoordinator: MessageArbitraries = {
  request: (v) =>
    fc.record({ keyType: since(v, 1, int8, 0), coordinatorKeys: v >= 4 ? array(string) : one(string) }),
  response: (v) => {
    const coordinator = fc.record({
      key: v >= 4 ? string : fc.constant(''),
      nodeId: int32,
      host: string,
      port: int32,
      errorCode: int16,
      errorMessage: since(v, 1, nullableString, null),
    });
    return fc.record({
      throttleTimeMs: since(v, 1, int32, 0),
      coordinators: v >= 4 ? array(coordinator) : one(coordinator),
    });
  },
};

export const JoinGroup: MessageArbitraries = {
  request: (v) =>
    fc.record({
      groupId: string,
      sessionTimeoutMs: int32,
      rebalanceTimeoutMs: since(v, 1, int32, -1),
      memberId: string,
      groupInstanceId: since(v, 5, nullableString, null),
      protocolType: string,
      protocols: array(fc.record({ name: string, metadata: bytes })),
      reason: since(v, 8, nullableString, null),
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: since(v, 2, int32, 0),
      errorCode: int16,
      generationId: int32,
      protocolType: since(v, 7, nullableString, null),
      protocolName: v >= 7 ? nullableString : string,
      leader: string,
      skipAssignment: since(v, 9, bool, false),
      memberId: string,
      members: array(
        fc.record({ memberId: string, groupInstanceId: since(v, 5, nullableString, null), metadata: bytes }),
      ),
    }),
};

export const SyncGroup: MessageArbitraries = {
  request: (v) =>
    fc.record({
      groupId: string,
      generationId: int32,
      memberId: string,
      groupInstanceId: since(v, 3, nullableString, null),
      protocolType: since(v, 5, nullableString, null),
      protocolName: since(v, 5, nullableString, null),
      assignments: array(fc.record({ memberId: string, assignment: bytes })),
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: since(v, 1, int32, 0),
      errorCode: int16,
      protocolType: since(v, 5, nullableString, null),
      protocolName: since(v, 5, nullableString, null),
      assignment: bytes,
    }),
};

export const Heartbeat: MessageArbitraries = {
  request: (v) =>
    fc.record({
      groupId: string,
      generationId: int32,
      memberId: string,
      groupInstanceId: since(v, 3, nullableString, null),
    }),
  response: (v) => fc.record({ throttleTimeMs: since(v, 1, int32, 0), errorCode: int16 }),
};

export const LeaveGroup: MessageArbitraries = {
  request: (v) => {
    const member = fc.record({
      memberId: string,
      groupInstanceId: since(v, 3, nullableString, null),
      reason: since(v, 5, nullableString, null),
    });
    return fc.record({ groupId: string, members: v >= 3 ? array(member) : one(member) });
  },
  response: (v) =>
    fc.record({
      throttleTimeMs: since(v, 1, int32, 0),
      errorCode: int16,
      members: since(
        v,
        3,
        array(fc.record({ memberId: string, groupInstanceId: nullableString, errorCode: int16 })),
        [],
      ),
    }),
};

export const OffsetCommit: MessageArbitraries = {
  request: (v) =>
    fc.record({
      groupId: string,
      generationIdOrMemberEpoch: int32,
      memberId: string,
      groupInstanceId: since(v, 7, nullableString, null),
      retentionTimeMs: v <= 4 ? int64 : fc.constant(-1n),
      topics: array(
        fc.record({
          ...nameOrId(v, 10),
          partitions: array(
            fc.record({
              partitionIndex: int32,
              committedOffset: int64,
              committedLeaderEpoch: since(v, 6, int32, -1),
              committedMetadata: nullableString,
            }),
          ),
        }),
      ),
    }),
  response: (v) =>
    fc.record({
      throttleTimeMs: since(v, 3, int32, 0),
      topics: array(
        fc.record({
          ...nameOrId(v, 10),
          partitions: array(fc.record({ partitionIndex: int32, errorCode: int16 })),
        }),
      ),
    }),
};

export const OffsetFetch: MessageArbitraries = {
  request: (v) => {
    const topics = array(fc.record({ ...nameOrId(v, 10), partitionIndexes: array(int32) }));
    const group = fc.record({
      groupId: string,
      memberId: since(v, 9, nullableString, null),
      memberEpoch: since(v, 9, int32, -1),
      topics: v >= 2 ? fc.option(topics, { nil: null }) : topics,
    });
    return fc.record({ groups: v >= 8 ? array(group) : one(group), requireStable: since(v, 7, bool, false) });
  },
  response: (v) => {
    const group = fc.record({
      groupId: v >= 8 ? string : fc.constant(''),
      topics: array(
        fc.record({
          ...nameOrId(v, 10),
          partitions: array(
            fc.record({
              partitionIndex: int32,
              committedOffset: int64,
              committedLeaderEpoch: since(v, 5, int32, -1),
              metadata: nullableString,
              errorCode: int16,
            }),
          ),
        }),
      ),
      errorCode: since(v, 2, int16, 0),
    });
    return fc.record({ throttleTimeMs: since(v, 3, int32, 0), groups: v >= 8 ? array(group) : one(group) });
  },
};

export const DescribeGroups: MessageArbitraries = {
  request: (v) => fc.record({ groups: array(string), includeAuthorizedOperations: since(v, 3, bool, false) }),
  response: (v) =>
    fc.record({
      throttleTimeMs: since(v, 1, int32, 0),
      groups: array(
        fc.record({
          errorCode: int16,
          errorMessage: since(v, 6, nullableString, null),
          groupId: string,
          groupState: string,
          protocolType: string,
          protocolData: string,
          members: array(
            fc.record({
              memberId: string,
              groupInstanceId: since(v, 4, nullableString, null),
              clientId: string,
              clientHost: string,
              memberMetadata: bytes,
              memberAssignment: bytes,
            }),
          ),
          authorizedOperations: since(v, 3, int32, AUTHORIZED_OPERATIONS_OMITTED),
        }),
      ),
    }),
};

export const ListGroups: MessageArbitraries = {
  request: (v) =>
    fc.record({ statesFilter: since(v, 4, array(string), []), typesFilter: since(v, 5, array(string), []) }),
  response: (v) =>
    fc.record({
      throttleTimeMs: since(v, 1, int32, 0),
      errorCode: int16,
      groups: array(
        fc.record({
          groupId: string,
          protocolType: string,
          groupState: since(v, 4, string, ''),
          groupType: since(v, 5, string, ''),
        }),
      ),
    }),
};

export const DeleteGroups: MessageArbitraries = {
  request: () => fc.record({ groupsNames: array(string) }),
  response: () =>
    fc.record({ throttleTimeMs: int32, results: array(fc.record({ groupId: string, errorCode: int16 })) }),
};

export const OffsetDelete: MessageArbitraries = {
  request: () =>
    fc.record({
      groupId: string,
      topics: array(fc.record({ name: string, partitions: array(fc.record({ partitionIndex: int32 })) })),
    }),
  response: () =>
    fc.record({
      errorCode: int16,
      throttleTimeMs: int32,
      topics: array(
        fc.record({
          name: string,
          partitions: array(fc.record({ partitionIndex: int32, errorCode: int16 })),
        }),
      ),
    }),
};

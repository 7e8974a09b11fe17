/**
 * DescribeCluster (KIP-700): the cluster id, the controller as clients see it (see Metadata) and
 * the brokers: alive ones, or from v2 on request every registered broker with its fenced flag
 * (KIP-1073). A broker answers only for endpoint type BROKER: a request for the controllers'
 * endpoints gets MISMATCHED_ENDPOINT_TYPE, an unknown type UNSUPPORTED_ENDPOINT_TYPE.
 */
import type { DescribeClusterResponse } from '../../protocol/apis/describe-cluster.js';
import * as describeCluster from '../../protocol/apis/describe-cluster.js';
import { EndpointType } from '../../protocol/apis/describe-cluster.js';
import { ErrorCode } from '../../protocol/errors.js';
import { AUTHORIZED_OPERATIONS_OMITTED, CLUSTER_OPERATIONS } from '../authorized-operations.js';
import { defineHandler } from '../handler.js';
import { advertisedControllerId } from './metadata.js';

export default defineHandler({
  api: describeCluster,
  async handle(request, context) {
    const { metadata } = context.services;
    if (request.endpointType !== EndpointType.BROKER) {
      return request.endpointType === EndpointType.CONTROLLER
        ? failed(
            ErrorCode.MISMATCHED_ENDPOINT_TYPE,
            'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER',
          )
        : failed(ErrorCode.UNSUPPORTED_ENDPOINT_TYPE, `Unsupported endpoint type ${request.endpointType}`);
    }
    const brokers = request.includeFencedBrokers
      ? metadata.registeredBrokers()
      : metadata.aliveBrokers().map((b) => ({ ...b, fenced: false }));
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      endpointType: EndpointType.BROKER,
      clusterId: metadata.clusterId,
      controllerId: advertisedControllerId(metadata),
      brokers: brokers.map((b) => ({
        brokerId: b.id,
        host: b.host,
        port: b.port,
        rack: b.rack,
        isFenced: b.fenced,
      })),
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations
        ? CLUSTER_OPERATIONS
        : AUTHORIZED_OPERATIONS_OMITTED,
    };
  },
  errorResponse: (_request, error) => failed(error, null),
});

function failed(errorCode: ErrorCode, errorMessage: string | null): DescribeClusterResponse {
  return {
    throttleTimeMs: 0,
    errorCode,
    errorMessage,
    endpointType: EndpointType.BROKER,
    clusterId: '',
    controllerId: -1,
    brokers: [],
    clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}

/**
 * A ClusterAdmin that forwards changes to the active controller. A broker's request handlers get
 * one that goes over the links (as Kafka brokers forward CreateTopics and friends), so a broker
 * cut off from the controller answers REQUEST_TIMED_OUT or NOT_CONTROLLER per item instead of
 * pretending; the cluster's own admin reaches the controller in-process. DescribeConfigs is
 * answered from a local metadata image, as in Kafka; producer ids from a local block.
 */
import type { ClusterAdmin } from '../../broker/services.js';
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import type { ClusterSettings } from '../config.js';
import { describeConfigs } from '../controller/config-control.js';
import type { AdminCall, AdminReply } from '../controller/messages.js';
import type { MetadataImage } from '../metadata/image.js';
import type { ControllerChannel } from './controller-channel.js';

/** Delivers one admin call to the active controller, retrying until `timeoutMs`; throws a KafkaError when it cannot. */
export type AdminTransport = (call: AdminCall, timeoutMs: number) => Promise<AdminReply>;

/** The transport of a broker: over its links, through its controller channel. */
export function linkAdminTransport(channel: ControllerChannel): AdminTransport {
  return (call, timeoutMs) => channel.call('controller.admin', call, timeoutMs);
}

export function forwardingAdmin(
  transport: AdminTransport,
  image: () => MetadataImage,
  settings: ClusterSettings,
  allocateProducerId: ClusterAdmin['allocateProducerId'],
): ClusterAdmin {
  /** Forwards one call; on failure answers `failed(code)` instead. */
  async function forward<T>(call: AdminCall, timeoutMs: number, failed: (code: ErrorCode) => T): Promise<T> {
    try {
      const reply = await transport(call, timeoutMs > 0 ? timeoutMs : settings.controllerRequestTimeoutMs);
      return reply.errorCode === ErrorCode.NONE ? (reply.result as T) : failed(reply.errorCode);
    } catch (err) {
      if (err instanceof KafkaError) return failed(err.code);
      throw err;
    }
  }
  const message = (code: ErrorCode): string =>
    code === ErrorCode.REQUEST_TIMED_OUT
      ? 'The controller did not answer in time.'
      : 'The controller refused the request.';

  return {
    createTopics: (specs, options) =>
      forward({ method: 'createTopics', args: [specs, options] }, options.timeoutMs, (code) =>
        specs.map((s) => ({
          name: s.name,
          topicId: null,
          errorCode: code,
          errorMessage: message(code),
          numPartitions: -1,
          replicationFactor: -1,
        })),
      ),
    deleteTopics: (topics, timeoutMs) =>
      forward({ method: 'deleteTopics', args: [topics, timeoutMs] }, timeoutMs, (code) =>
        topics.map((t) => ({ ...t, errorCode: code, errorMessage: message(code) })),
      ),
    createPartitions: (specs, options) =>
      forward({ method: 'createPartitions', args: [specs, options] }, options.timeoutMs, (code) =>
        specs.map((s) => ({ name: s.topic, errorCode: code, errorMessage: message(code) })),
      ),
    describeConfigs: async (resources, options) => describeConfigs(image(), settings, resources, options),
    alterConfigs: (specs, options) =>
      forward({ method: 'alterConfigs', args: [specs, options] }, 0, (code) =>
        specs.map((s) => ({ name: s.name, type: s.type, errorCode: code, errorMessage: message(code) })),
      ),
    electLeaders: (partitions, electionType, timeoutMs) =>
      forward({ method: 'electLeaders', args: [partitions, electionType, timeoutMs] }, timeoutMs, (code) =>
        (partitions ?? []).map((tp) => ({ ...tp, errorCode: code, errorMessage: message(code) })),
      ),
    allocateProducerId,
  };
}

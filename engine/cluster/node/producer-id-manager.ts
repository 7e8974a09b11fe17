/**
 * Producer ids for InitProducerId, handed out by each broker from blocks the controller
 * allocates in the metadata log (Kafka's RPCProducerIdManager), so ids are unique across the
 * cluster and its restarts. One block request in flight at a time.
 */
import { ErrorCode, KafkaError } from '../../protocol/errors.js';
import type { BrokerId } from '../../types.js';
import type { ControllerChannel } from './controller-channel.js';

export class ProducerIdManager {
  private next = 0;
  private end = 0;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly channel: ControllerChannel,
    private readonly brokerId: BrokerId,
    private readonly brokerEpoch: () => number,
    private readonly timeoutMs: number,
  ) {}

  async allocate(): Promise<{ errorCode: ErrorCode; producerId: bigint; producerEpoch: number }> {
    while (this.next >= this.end) {
      this.pending ??= this.fetchBlock().finally(() => (this.pending = null));
      try {
        await this.pending;
      } catch (err) {
        const errorCode = err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR;
        return { errorCode, producerId: -1n, producerEpoch: -1 };
      }
    }
    return { errorCode: ErrorCode.NONE, producerId: BigInt(this.next++), producerEpoch: 0 };
  }

  private async fetchBlock(): Promise<void> {
    const response = await this.channel.call(
      'controller.allocateProducerIds',
      { brokerId: this.brokerId, brokerEpoch: this.brokerEpoch() },
      this.timeoutMs,
    );
    if (response.errorCode !== ErrorCode.NONE) throw new KafkaError(response.errorCode);
    this.next = response.producerIdStart;
    this.end = response.producerIdStart + response.producerIdLen;
  }
}

/**
 * Metadata probe: one real Metadata request (v1) over a plain TCP connection, decoded just far
 * enough to list the brokers, the controller and the asked topics' partition leaders. The peer
 * counts as ready when every node answers with all brokers registered and unfenced (fenced
 * brokers are left out of Metadata); the compat suite asks every broker whether it knows a new
 * topic's leaders yet.
 *
 * Metadata v1 request body: topics ARRAY(int32 count) of STRING names (empty: none).
 * Response v1: correlation_id int32, brokers [node_id int32, host STRING, port int32, rack
 * NULLABLE_STRING], controller_id int32, topics [error_code int16, name STRING, is_internal
 * BOOLEAN, partitions [error_code int16, partition_index int32, leader_id int32, replica_nodes
 * [int32], isr_nodes [int32]]].
 */
import { connect } from 'node:net';
import { FrameSplitter } from '../../../engine/protocol/frame-splitter.js';

export interface MetadataProbe {
  readonly brokers: readonly { nodeId: number; host: string; port: number }[];
  readonly controllerId: number;
  readonly topics: readonly {
    name: string;
    errorCode: number;
    partitions: readonly { partition: number; errorCode: number; leader: number }[];
  }[];
}

const METADATA = 3;

function metadataRequest(correlationId: number, topics: readonly string[]): Buffer {
  const clientId = Buffer.from('brokerlab-probe');
  const names = topics.map((t) => Buffer.from(t));
  const frame = Buffer.alloc(
    2 + 2 + 4 + 2 + clientId.length + 4 + names.reduce((n, b) => n + 2 + b.length, 0),
  );
  let at = frame.writeInt16BE(METADATA, 0);
  at = frame.writeInt16BE(1, at);
  at = frame.writeInt32BE(correlationId, at);
  at = frame.writeInt16BE(clientId.length, at);
  at += clientId.copy(frame, at);
  at = frame.writeInt32BE(names.length, at);
  for (const name of names) {
    at = frame.writeInt16BE(name.length, at);
    at += name.copy(frame, at);
  }
  const size = Buffer.alloc(4);
  size.writeInt32BE(frame.length);
  return Buffer.concat([size, frame]);
}

function parseMetadataV1(frame: Buffer): MetadataProbe {
  let at = 4; // correlation id
  const count = frame.readInt32BE(at);
  at += 4;
  const brokers = [];
  for (let i = 0; i < count; i++) {
    const nodeId = frame.readInt32BE(at);
    const hostLength = frame.readInt16BE(at + 4);
    const host = frame.toString('utf8', at + 6, at + 6 + hostLength);
    at += 6 + hostLength;
    const port = frame.readInt32BE(at);
    const rackLength = frame.readInt16BE(at + 4);
    at += 6 + Math.max(rackLength, 0);
    brokers.push({ nodeId, host, port });
  }
  const controllerId = frame.readInt32BE(at);
  at += 4;
  const topics = [];
  const topicCount = frame.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topicCount; t++) {
    const errorCode = frame.readInt16BE(at);
    const nameLength = frame.readInt16BE(at + 2);
    const name = frame.toString('utf8', at + 4, at + 4 + nameLength);
    at += 4 + nameLength + 1; // is_internal
    const partitionCount = frame.readInt32BE(at);
    at += 4;
    const partitions = [];
    for (let p = 0; p < partitionCount; p++) {
      partitions.push({
        errorCode: frame.readInt16BE(at),
        partition: frame.readInt32BE(at + 2),
        leader: frame.readInt32BE(at + 6),
      });
      at += 10;
      at += 4 + 4 * frame.readInt32BE(at); // replica_nodes
      at += 4 + 4 * frame.readInt32BE(at); // isr_nodes
    }
    topics.push({ name, errorCode, partitions });
  }
  return { brokers, controllerId, topics };
}

/** Sends one Metadata request to host:port; rejects on connection error or after timeoutMs. */
export function probeMetadata(
  host: string,
  port: number,
  timeoutMs = 2_000,
  topics: readonly string[] = [],
): Promise<MetadataProbe> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const splitter = new FrameSplitter(64 * 1024 * 1024);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`metadata probe of ${host}:${port} timed out`)));
    socket.on('error', fail);
    socket.on('connect', () => socket.write(metadataRequest(1, topics)));
    socket.on('data', (chunk) => {
      const [frame] = splitter.push(chunk);
      if (!frame) return;
      socket.destroy();
      try {
        resolve(parseMetadataV1(frame));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

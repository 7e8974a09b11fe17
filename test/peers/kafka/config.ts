/**
 * server.properties for one node of the Apache Kafka peer: KRaft combined mode (each node is a
 * broker and a controller, static `controller.quorum.voters`), three loopback listeners — CLIENT
 * (what tests connect to; PLAINTEXT, SASL or TLS), INTERNAL (PLAINTEXT, between brokers and for the
 * readiness probe) and CONTROLLER — plus any extra client listeners (one per security mode, so one
 * peer serves a test of each), and settings sized for a test machine: internal topics with
 * the replication the node count allows, few partitions and threads, no initial rebalance delay.
 */
import type { ClientListenerSecurity } from './security.js';
import { securityProtocol } from './security.js';

export interface NodeLayout {
  readonly nodeId: number;
  readonly clientPort: number;
  /** The port written in advertised.listeners for CLIENT (a recording proxy's, or clientPort). */
  readonly advertisedClientPort: number;
  readonly internalPort: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** More client listeners by name (e.g. SASL, SSL), each on its own port, advertised as bound. */
  readonly extraListeners?: readonly {
    readonly name: string;
    readonly port: number;
    readonly protocol: string;
  }[];
}

export function serverProperties(
  node: NodeLayout,
  all: readonly NodeLayout[],
  security: ClientListenerSecurity | undefined,
  extra: Record<string, string>,
): string {
  const replication = String(Math.min(3, all.length));
  const minIsr = String(Math.min(2, all.length));
  const more = node.extraListeners ?? [];
  const props: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': String(node.nodeId),
    'controller.quorum.voters': all.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(','),
    listeners: `CLIENT://127.0.0.1:${node.clientPort},INTERNAL://127.0.0.1:${node.internalPort},CONTROLLER://127.0.0.1:${node.controllerPort}${more.map((l) => `,${l.name}://127.0.0.1:${l.port}`).join('')}`,
    'advertised.listeners': `CLIENT://127.0.0.1:${node.advertisedClientPort},INTERNAL://127.0.0.1:${node.internalPort}${more.map((l) => `,${l.name}://127.0.0.1:${l.port}`).join('')}`,
    'listener.security.protocol.map': `CLIENT:${securityProtocol(security)},INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT${more.map((l) => `,${l.name}:${l.protocol}`).join('')}`,
    'inter.broker.listener.name': 'INTERNAL',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': node.dataDir,
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': '8',
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': '4',
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,
    'share.coordinator.state.topic.num.partitions': '1',
    'group.initial.rebalance.delay.ms': '0',
    'num.network.threads': '2',
    'num.io.threads': '2',
    'background.threads': '2',
    'num.recovery.threads.per.data.dir': '1',
    'log.cleaner.threads': '1',
    ...extra,
  };
  return Object.entries(props)
    .map(([key, value]) => `${key}=${value.replace(/\\/g, '\\\\')}`)
    .join('\n')
    .concat('\n');
}

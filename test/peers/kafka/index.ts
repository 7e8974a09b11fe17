/** The Apache Kafka peer: start/stop a KRaft cluster, its command-line tools, its security setup. */
export { startKafka, type KafkaNode, type KafkaPeer, type KafkaPeerOptions } from './start.js';
export { kafkaClasspath } from './jvm.js';
export * from './tools.js';
export {
  makeTlsMaterial,
  type ClientListenerSecurity,
  type SaslMechanism,
  type SaslUser,
  type SecurityProtocol,
  type TlsMaterial,
} from './security.js';

/** Every real client the compatibility suite runs, in the order of the compatibility table. */
import type { ClientDriver } from '../peers/clients/driver.js';
import { franzGoClient } from '../peers/clients/franz-go.js';
import { javaClient } from '../peers/clients/java.js';
import { kafkaCliClient } from '../peers/clients/kafka-cli.js';
import { kafkajsClient } from '../peers/clients/kafkajs.js';
import { kcatClient } from '../peers/clients/kcat.js';
import { platformaticClient } from '../peers/clients/platformatic.js';
import { confluentKafkaDebian, confluentKafkaPypi } from '../peers/clients/python.js';

export const compatClients: readonly ClientDriver[] = [
  javaClient,
  franzGoClient,
  confluentKafkaPypi,
  confluentKafkaDebian,
  kcatClient,
  kafkajsClient,
  platformaticClient,
  kafkaCliClient,
];

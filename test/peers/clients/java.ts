/** The Java client (kafka-clients of the pinned Kafka version) through test/peers/java. */
import { readManifest } from '../cache.js';
import { requireKafkaClasspath, toolJvmFlags } from '../kafka/jvm.js';
import { allPrograms, runScenarioProgram, type ClientDriver } from './driver.js';

export const javaClient: ClientDriver = {
  name: 'java',
  // Java's own steps: zombie fencing (two producers of one transactional id in one program) and
  // consume-transform-produce in transactions.
  programs: new Set([...allPrograms, 'zombie-fencing', 'transform']),
  async availability() {
    const java = readManifest().java;
    return java.ok ? { ok: true, version: java.version } : java;
  },
  step(program, bootstrap, options) {
    const java = readManifest().java;
    if (!java.ok) throw new Error(java.reason);
    const classpath = `${java.classes}:${requireKafkaClasspath().classpath}`;
    return runScenarioProgram(
      'java',
      [...toolJvmFlags(), '-cp', classpath, 'dev.brokerlab.peers.ScenarioMain'],
      program,
      bootstrap,
      options,
    );
  },
};

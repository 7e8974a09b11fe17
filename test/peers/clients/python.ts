/**
 * confluent-kafka-python through test/peers/python/scenario.py, twice: under Debian's python3
 * with python3-confluent-kafka (librdkafka 2.0, an old librdkafka still in wide use) and under the
 * peers venv with the PyPI release (a current librdkafka).
 */
import { join } from 'node:path';
import { readManifest, repoRoot } from '../cache.js';
import { debianPython, debianPythonVersion } from './availability.js';
import { allPrograms, runScenarioProgram, transformWhenNamed, type ClientDriver } from './driver.js';

// Both can run consume-transform-produce in transactions too, only when a run names it.
const programs = new Set<string>([...allPrograms, ...transformWhenNamed]);

const script = join(repoRoot, 'test/peers/python/scenario.py');
// Python must not pick up a user's site packages or write bytecode into the source tree.
const env = { PYTHONNOUSERSITE: '1', PYTHONDONTWRITEBYTECODE: '1' };

export const confluentKafkaDebian: ClientDriver = {
  name: 'confluent-kafka-debian',
  programs,
  availability: debianPythonVersion,
  step: (program, bootstrap, options) =>
    runScenarioProgram(debianPython, [script], program, bootstrap, options, env),
};

export const confluentKafkaPypi: ClientDriver = {
  name: 'confluent-kafka-pypi',
  programs,
  async availability() {
    const venv = readManifest().pythonVenv;
    return venv.ok ? { ok: true, version: venv.version } : venv;
  },
  step(program, bootstrap, options) {
    const venv = readManifest().pythonVenv;
    if (!venv.ok) throw new Error(venv.reason);
    return runScenarioProgram(venv.python, [script], program, bootstrap, options, env);
  },
};

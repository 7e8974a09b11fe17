/** franz-go (kgo, kadm) through the Go scenario program test/peers/go, built by the peer setup. */
import { readManifest } from '../cache.js';
import { allPrograms, runScenarioProgram, transformWhenNamed, type ClientDriver } from './driver.js';

export const franzGoClient: ClientDriver = {
  name: 'franz-go',
  // Consume-transform-produce with GroupTransactSession, only when a run names it.
  programs: new Set([...allPrograms, ...transformWhenNamed]),
  async availability() {
    const go = readManifest().go;
    return go.ok ? { ok: true, version: go.version } : go;
  },
  step(program, bootstrap, options) {
    const go = readManifest().go;
    if (!go.ok) throw new Error(go.reason);
    return runScenarioProgram(go.binary, [], program, bootstrap, options);
  },
};

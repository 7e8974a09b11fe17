/**
 * Which schema registry the `schemas` verbs and `consume --decode` talk to: --registry URL, else
 * the running embedded cluster's (its control.json names it).
 */
import { readControlFile } from '../../control/control-file.js';
import { CliError } from '../errors.js';

export interface RegistryOptions {
  readonly registry?: string;
  readonly dataDir: string;
}

export function registryUrl(options: RegistryOptions): string {
  if (options.registry) return options.registry.replace(/\/+$/, '');
  let control;
  try {
    control = readControlFile(options.dataDir);
  } catch (err) {
    throw new CliError(`${(err as Error).message}; or name a registry with --registry URL`);
  }
  if (!control.registry) {
    throw new CliError('the running cluster does not name a schema registry; name one with --registry URL');
  }
  return control.registry;
}

/**
 * Imports that encode values with a subject's schema (`import.start`'s `encode`, `brokerlab
 * import --encode-subject`): the subject's version is looked up once, its schema compiled once,
 * and each value, given as JSON (a decoded export's `valueJson`, else the value's text), is
 * checked and framed in the registry's wire format. A value that is not JSON or does not fit
 * stops the import at its line, as any bad line does.
 */
import { ApiError } from '../../api/errors.js';
import type { ImportInput } from '../../api/schemas/transfer.js';
import { schemaEncoder, ValueRejected } from '../../schema-registry/encoder.js';
import { RegistrySchemaSource } from '../../schema-registry/registry-source.js';
import { RegistryRestClient, subjectPath, type RegistryEndpoint } from '../../schema-registry/rest-client.js';
import { ImportLineError, type ImportRecord } from './import-record.js';

export type ImportEncoding = NonNullable<ImportInput['encode']>;
export type ValueEncoder = (record: ImportRecord) => Buffer | null;

export async function importValueEncoder(
  registry: RegistryEndpoint | undefined,
  encoding: ImportEncoding,
  signal: AbortSignal,
): Promise<ValueEncoder> {
  if (!registry)
    throw new ApiError(
      'UNAVAILABLE',
      'encoding values needs a schema registry, and this connection has none',
    );
  const target = await new RegistryRestClient(registry).call<{ id: number; version: number }>(
    'GET',
    `${subjectPath(encoding.subject)}/versions/${encoding.version ?? 'latest'}`,
    undefined,
    signal,
  );
  const encode = schemaEncoder(target.id, await new RegistrySchemaSource(registry).schemaById(target.id));
  const fits = `${encoding.subject} version ${target.version}`;
  return (record) => {
    let json: unknown;
    if (record.valueJson !== undefined) json = record.valueJson;
    else if (record.value === null) return null;
    else {
      try {
        json = JSON.parse(record.value.toString('utf8'));
      } catch (error) {
        throw new ImportLineError(record.line, `the value is not JSON (${(error as Error).message})`);
      }
    }
    try {
      return encode(json);
    } catch (error) {
      if (!(error instanceof ValueRejected)) throw error;
      throw new ImportLineError(record.line, `the value does not fit ${fits}: ${error.message}`);
    }
  };
}

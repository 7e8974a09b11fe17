/**
 * `consume --decode` and `export --decode`: keys and values in the schema registry's wire format are shown as the JSON
 * they decode to, with the registry given by --registry or the running embedded cluster's. A
 * record that is not framed prints as it is; one that is framed but cannot be decoded prints as it
 * is too, with one line on stderr saying why, so a bad record never stops the stream.
 */
import type { LogRecord } from '../../../engine/records/record.js';
import { defaultDataDir } from '../../control/data-dir.js';
import { SchemaDecoder, type DecodedParts, type DecodedValue } from '../../schema-registry/decoder.js';
import { RegistrySchemaSource } from '../../schema-registry/registry-source.js';
import type { CliIo } from '../io.js';
import { registryUrl } from './registry-url.js';

export type RecordDecoder = (partition: number, record: LogRecord) => Promise<DecodedParts>;

export function recordDecoder(registry: string | undefined, io: CliIo): RecordDecoder {
  const decoder = new SchemaDecoder(
    new RegistrySchemaSource(registryUrl({ registry, dataDir: defaultDataDir(io.env) })),
  );
  const part = async (bytes: Buffer | null, where: string): Promise<DecodedValue | null> => {
    try {
      return await decoder.decode(bytes);
    } catch (err) {
      io.stderr.write(`brokerlab: ${where}: not decoded: ${(err as Error).message}\n`);
      return null;
    }
  };
  return async (partition, record) => ({
    key: await part(record.key, `partition ${partition} offset ${record.offset} key`),
    value: await part(record.value, `partition ${partition} offset ${record.offset} value`),
  });
}

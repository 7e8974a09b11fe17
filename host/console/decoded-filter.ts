/**
 * Filters over decoded keys and values: where a filter tests a key or value and the record's
 * bytes are in the schema registry's wire format, they are decoded (once per record, schemas
 * cached by id) and the criterion is matched against the JSON, as the inspector shows it.
 *
 * The registry comes with the call: the service adds the active connection's registry URL to
 * browse, scan and tail inputs (`schemaRegistry`). Without one, or when the filter does not test
 * keys or values, the plain byte predicate is returned unchanged, so the undecoded path costs
 * nothing more. Bytes that cannot be decoded (unknown schema id, a registry away) are matched as
 * bytes.
 */
import type { LogRecord } from '../../engine/records/record.js';
import type { MessageFilter } from '../api/schemas/messages.js';
import type { SchemaDecoder } from '../schema-registry/decoder.js';
import { registryDecoder } from '../schema-registry/registry-source.js';
import type { RegistryEndpoint } from '../schema-registry/rest-client.js';
import { readFrame } from '../schema-registry/wire-format.js';
import { compileFilter, type DecodedJson } from './filter.js';

/** What the service adds to a browse, scan or tail input: the registry to decode with. */
export interface FilterDecoding {
  readonly schemaRegistry?: RegistryEndpoint | undefined;
}

/** A filter's verdict on a record: right away, or once its key or value is decoded. */
export type RecordMatcher = (record: LogRecord) => boolean | Promise<boolean>;

async function decodedJson(decoder: SchemaDecoder, bytes: Buffer | null) {
  try {
    const decoded = await decoder.decode(bytes);
    return decoded ? { json: decoded.json } : undefined;
  } catch {
    return undefined;
  }
}

export function compileRecordMatcher(
  filter: MessageFilter | undefined,
  schemaRegistry: RegistryEndpoint | undefined,
): RecordMatcher {
  const test = compileFilter(filter);
  if (!schemaRegistry || (!filter?.key && !filter?.value)) return test;
  const decoder = registryDecoder(schemaRegistry);
  const wantsKey = filter.key !== undefined;
  const wantsValue = filter.value !== undefined;
  return (record) => {
    const key = wantsKey && readFrame(record.key) !== null;
    const value = wantsValue && readFrame(record.value) !== null;
    if (!key && !value) return test(record);
    return (async () => {
      const decoded: DecodedJson = {
        key: key ? await decodedJson(decoder, record.key) : undefined,
        value: value ? await decodedJson(decoder, record.value) : undefined,
      };
      return test(record, decoded);
    })();
  };
}

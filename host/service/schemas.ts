/**
 * The service's schema registry methods: they run in the host process and call the registry's
 * REST API, as any client of it does (the embedded cluster's registry is an HTTP service beside
 * the cluster, not part of the engine).
 */
import { decodeBytes } from '../api/bytes.js';
import type { MethodParsedInput as Input, MethodResult as Result } from '../api/types.js';
import { ApiError } from '../api/errors.js';
import { encodeWithSchema, ValueRejected } from '../schema-registry/encoder.js';
import { registryDecoder, RegistrySchemaSource } from '../schema-registry/registry-source.js';
import { readFrame } from '../schema-registry/wire-format.js';
import type { SchemaType } from '../schema-registry/types.js';
import { subjectPath, type RegistryRestClient } from '../schema-registry/rest-client.js';
import type { CompatibilityLevel } from '../schema-registry/types.js';

interface VersionAnswer {
  subject: string;
  version: number;
  id: number;
  schemaType?: SchemaType;
  schema: string;
  references?: { name: string; subject: string; version: number }[];
}

async function levelOf(registry: RegistryRestClient, subject: string, signal?: AbortSignal) {
  const answer = await registry.call<{ compatibilityLevel: CompatibilityLevel }>(
    'GET',
    `/config/${encodeURIComponent(subject)}?defaultToGlobal=true`,
    undefined,
    signal,
  );
  return answer.compatibilityLevel;
}

export function schemaMethods(registry: () => RegistryRestClient) {
  return {
    'schemas.encode': async (
      { subject, version, json }: Input<'schemas.encode'>,
      signal?: AbortSignal,
    ): Promise<Result<'schemas.encode'>> => {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch (err) {
        throw new ApiError('INVALID_INPUT', `the value is not JSON: ${(err as Error).message}`);
      }
      const r = registry();
      const target = await r.call<VersionAnswer>(
        'GET',
        `${subjectPath(subject)}/versions/${version ?? 'latest'}`,
        undefined,
        signal,
      );
      const schema = await new RegistrySchemaSource(r.endpoint).schemaById(target.id);
      try {
        const bytes = encodeWithSchema(target.id, schema, value);
        return {
          bytes: { encoding: 'base64', data: bytes.toString('base64') },
          schemaId: target.id,
          version: target.version,
        };
      } catch (err) {
        if (err instanceof ValueRejected) {
          throw new ApiError(
            'INVALID_INPUT',
            `the value does not fit ${subject} version ${target.version}: ${err.message}`,
          );
        }
        throw err;
      }
    },
    'schemas.decode': async ({ bytes }: Input<'schemas.decode'>): Promise<Result<'schemas.decode'>> => {
      const buffer = Buffer.from(decodeBytes(bytes));
      if (!readFrame(buffer)) return { decoded: null, problem: null };
      try {
        const decoded = await registryDecoder(registry().endpoint).decode(buffer);
        if (!decoded) return { decoded: null, problem: null };
        return { decoded: { ...decoded, json: JSON.stringify(decoded.json) }, problem: null };
      } catch (err) {
        return { decoded: null, problem: (err as Error).message };
      }
    },
    'schemas.list': async (
      _input: Input<'schemas.list'>,
      signal?: AbortSignal,
    ): Promise<Result<'schemas.list'>> => {
      const r = registry();
      const [names, config] = await Promise.all([
        r.call<string[]>('GET', '/subjects', undefined, signal),
        r.call<{ compatibilityLevel: CompatibilityLevel }>('GET', '/config', undefined, signal),
      ]);
      const subjects = await Promise.all(
        names.map(async (subject) => {
          const versions = await r.call<number[]>(
            'GET',
            `${subjectPath(subject)}/versions`,
            undefined,
            signal,
          );
          const latest = await r.call<VersionAnswer>(
            'GET',
            `${subjectPath(subject)}/versions/latest`,
            undefined,
            signal,
          );
          return { subject, versions, latestId: latest.id, schemaType: latest.schemaType ?? 'AVRO' };
        }),
      );
      return { registry: r.url, compatibility: config.compatibilityLevel, subjects };
    },
    'schemas.get': async (
      { subject, version }: Input<'schemas.get'>,
      signal?: AbortSignal,
    ): Promise<Result<'schemas.get'>> => {
      const r = registry();
      const [answer, compatibility] = await Promise.all([
        r.call<VersionAnswer>(
          'GET',
          `${subjectPath(subject)}/versions/${version ?? 'latest'}`,
          undefined,
          signal,
        ),
        levelOf(r, subject, signal),
      ]);
      return {
        subject: answer.subject,
        version: answer.version,
        id: answer.id,
        schemaType: answer.schemaType ?? 'AVRO',
        schema: answer.schema,
        references: answer.references ?? [],
        compatibility,
      };
    },
    'schemas.check': async (
      input: Input<'schemas.check'>,
      signal?: AbortSignal,
    ): Promise<Result<'schemas.check'>> => {
      const r = registry();
      const [answer, compatibility] = await Promise.all([
        r.call<{ is_compatible: boolean; messages?: string[] }>(
          'POST',
          `/compatibility${subjectPath(input.subject)}/versions?verbose=true`,
          { schema: input.schema, schemaType: input.schemaType },
          signal,
        ),
        levelOf(r, input.subject, signal),
      ]);
      return { compatible: answer.is_compatible, compatibility, messages: answer.messages ?? [] };
    },
    'schemas.register': async (
      input: Input<'schemas.register'>,
      signal?: AbortSignal,
    ): Promise<Result<'schemas.register'>> => {
      const r = registry();
      const body = { schema: input.schema, schemaType: input.schemaType };
      const { id } = await r.call<{ id: number }>(
        'POST',
        `${subjectPath(input.subject)}/versions`,
        body,
        signal,
      );
      const { version } = await r.call<VersionAnswer>('POST', subjectPath(input.subject), body, signal);
      return { id, version };
    },
    'schemas.delete': async (
      input: Input<'schemas.delete'>,
      signal?: AbortSignal,
    ): Promise<Result<'schemas.delete'>> => {
      const path = `${subjectPath(input.subject)}${input.version ? `/versions/${input.version}` : ''}${input.permanent ? '?permanent=true' : ''}`;
      const answer = await registry().call<number | number[]>('DELETE', path, undefined, signal);
      return { versions: Array.isArray(answer) ? answer : [answer] };
    },
  };
}

/**
 * The Confluent Schema Registry REST API over SchemaRegistry: one table of method, path pattern
 * and handler. Paths and answers follow Confluent's API reference, so its serializers and tools
 * work unchanged. Handlers answer a JSON value (status 200) or throw a RegistryError.
 */
import type { z } from 'zod';
import * as errors from './errors.js';
import { serializedProtobuf } from './formats/protobuf.js';
import { parseVersion, type SchemaRegistry } from './registry.js';
import { configBody, isCompatibilityLevel, schemaBody, schemaInput } from './rest-schemas.js';
import { schemaTypes, type CompatibilityLevel, type SubjectVersion } from './types.js';

export interface RouteRequest {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
}

/** A JSON answer, or raw text (the `/schema` routes answer the schema itself). */
export type RouteAnswer = { readonly json: unknown } | { readonly raw: string };

type Handler = (registry: SchemaRegistry, request: RouteRequest) => Promise<RouteAnswer>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: Handler;
}

const json = (value: unknown): RouteAnswer => ({ json: value });
const flag = (query: URLSearchParams, name: string) => query.get(name) === 'true';

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.path[0] === 'schema') throw errors.invalidSchema(issue.message);
  throw errors.unprocessable(
    parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
  );
}

function schemaId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1) throw errors.schemaNotFound(`Schema ${text} not found`);
  return id;
}

/** A version as Confluent shows it: schemaType left out for AVRO, references when it has some. */
export function versionView(v: SubjectVersion): Record<string, unknown> {
  return {
    subject: v.subject,
    version: v.version,
    id: v.id,
    ...(v.schemaType === 'AVRO' ? {} : { schemaType: v.schemaType }),
    ...(v.references.length > 0 ? { references: v.references } : {}),
    schema: v.schema,
  };
}

/** `format=serialized` asks for a Protobuf schema as a base64 FileDescriptorProto. */
function inFormat(v: SubjectVersion, query: URLSearchParams): SubjectVersion {
  if (query.get('format') !== 'serialized' || v.schemaType !== 'PROTOBUF') return v;
  return { ...v, schema: serializedProtobuf(v.schema) };
}

function schemaView(v: SubjectVersion): Record<string, unknown> {
  const { subject: _s, version: _v, id: _i, ...rest } = versionView(v);
  return rest;
}

function level(text: string): CompatibilityLevel {
  if (!isCompatibilityLevel(text)) throw errors.invalidCompatibilityLevel(text);
  return text;
}

const SUBJECT = '([^/]+)';
const VERSION = '([^/]+)';
const p = (source: string) => new RegExp(`^${source}/?$`);

export const routes: readonly Route[] = [
  { method: 'GET', pattern: p(''), handler: async () => json({}) },
  { method: 'GET', pattern: p('/schemas/types'), handler: async () => json([...schemaTypes]) },
  { method: 'GET', pattern: p('/mode'), handler: async () => json({ mode: 'READWRITE' }) },
  {
    method: 'GET',
    pattern: p('/subjects'),
    handler: async (r, { query }) =>
      json(
        await r.subjects({
          deleted: flag(query, 'deleted'),
          prefix: query.get('subjectPrefix') ?? undefined,
        }),
      ),
  },
  {
    method: 'POST',
    pattern: p(`/subjects/${SUBJECT}/versions`),
    handler: async (r, { params, body }) => {
      const { id } = await r.register(params[0]!, schemaInput(parseBody(schemaBody, body)));
      return json({ id });
    },
  },
  {
    method: 'GET',
    pattern: p(`/subjects/${SUBJECT}/versions`),
    handler: async (r, { params, query }) => json(await r.versions(params[0]!, flag(query, 'deleted'))),
  },
  {
    method: 'GET',
    pattern: p(`/subjects/${SUBJECT}/versions/${VERSION}`),
    handler: async (r, { params, query }) =>
      json(
        versionView(
          inFormat(await r.version(params[0]!, parseVersion(params[1]!), flag(query, 'deleted')), query),
        ),
      ),
  },
  {
    method: 'GET',
    pattern: p(`/subjects/${SUBJECT}/versions/${VERSION}/schema`),
    handler: async (r, { params, query }) => ({
      raw: (await r.version(params[0]!, parseVersion(params[1]!), flag(query, 'deleted'))).schema,
    }),
  },
  {
    method: 'GET',
    pattern: p(`/subjects/${SUBJECT}/versions/${VERSION}/referencedby`),
    handler: async (r, { params }) => json(await r.referencedBy(params[0]!, parseVersion(params[1]!))),
  },
  {
    method: 'DELETE',
    pattern: p(`/subjects/${SUBJECT}/versions/${VERSION}`),
    handler: async (r, { params, query }) =>
      json(await r.deleteVersion(params[0]!, parseVersion(params[1]!), flag(query, 'permanent'))),
  },
  {
    method: 'POST',
    pattern: p(`/subjects/${SUBJECT}`),
    handler: async (r, { params, query, body }) =>
      json(
        versionView(
          await r.lookup(params[0]!, schemaInput(parseBody(schemaBody, body)), flag(query, 'deleted')),
        ),
      ),
  },
  {
    method: 'DELETE',
    pattern: p(`/subjects/${SUBJECT}`),
    handler: async (r, { params, query }) =>
      json(await r.deleteSubject(params[0]!, flag(query, 'permanent'))),
  },
  {
    method: 'GET',
    pattern: p('/schemas/ids/([^/]+)'),
    handler: async (r, { params, query }) =>
      json(schemaView(inFormat(await r.schemaById(schemaId(params[0]!)), query))),
  },
  {
    method: 'GET',
    pattern: p('/schemas/ids/([^/]+)/schema'),
    handler: async (r, { params }) => ({ raw: (await r.schemaById(schemaId(params[0]!))).schema }),
  },
  {
    method: 'GET',
    pattern: p('/schemas/ids/([^/]+)/versions'),
    handler: async (r, { params, query }) =>
      json(await r.idUsage(schemaId(params[0]!), flag(query, 'deleted'))),
  },
  {
    method: 'GET',
    pattern: p('/schemas/ids/([^/]+)/subjects'),
    handler: async (r, { params, query }) =>
      json([
        ...new Set((await r.idUsage(schemaId(params[0]!), flag(query, 'deleted'))).map((u) => u.subject)),
      ]),
  },
  {
    method: 'GET',
    pattern: p('/config'),
    handler: async (r) => json({ compatibilityLevel: await r.globalLevel() }),
  },
  {
    method: 'PUT',
    pattern: p('/config'),
    handler: async (r, { body }) =>
      json({ compatibility: await r.setLevel(null, level(parseBody(configBody, body).compatibility)) }),
  },
  {
    method: 'GET',
    pattern: p(`/config/${SUBJECT}`),
    handler: async (r, { params, query }) =>
      json({ compatibilityLevel: await r.subjectLevel(params[0]!, flag(query, 'defaultToGlobal')) }),
  },
  {
    method: 'PUT',
    pattern: p(`/config/${SUBJECT}`),
    handler: async (r, { params, body }) =>
      json({ compatibility: await r.setLevel(params[0]!, level(parseBody(configBody, body).compatibility)) }),
  },
  {
    method: 'DELETE',
    pattern: p(`/config/${SUBJECT}`),
    handler: async (r, { params }) => json({ compatibilityLevel: await r.deleteSubjectLevel(params[0]!) }),
  },
  {
    method: 'POST',
    pattern: p(`/compatibility/subjects/${SUBJECT}/versions/${VERSION}`),
    handler: async (r, { params, query, body }) =>
      compatibilityAnswer(
        await r.checkCompatibility(
          params[0]!,
          parseVersion(params[1]!),
          schemaInput(parseBody(schemaBody, body)),
        ),
        flag(query, 'verbose'),
      ),
  },
  {
    method: 'POST',
    pattern: p(`/compatibility/subjects/${SUBJECT}/versions`),
    handler: async (r, { params, query, body }) =>
      compatibilityAnswer(
        await r.checkCompatibility(params[0]!, null, schemaInput(parseBody(schemaBody, body))),
        flag(query, 'verbose'),
      ),
  },
];

function compatibilityAnswer(
  result: { compatible: boolean; messages: string[] },
  verbose: boolean,
): RouteAnswer {
  return json(
    verbose
      ? { is_compatible: result.compatible, messages: result.messages }
      : { is_compatible: result.compatible },
  );
}

/** The route for a request, with its decoded path parameters; null when none matches. */
export function matchRoute(method: string, path: string): { handler: Handler; params: string[] } | null {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method === method)
      return { handler: route.handler, params: match.slice(1).map((s) => decodeURIComponent(s)) };
  }
  if (pathMatched) throw new errors.RegistryError(405, 405, 'HTTP 405 Method Not Allowed');
  return null;
}

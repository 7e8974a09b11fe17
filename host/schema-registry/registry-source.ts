/**
 * Schemas by id from a Confluent-compatible registry's REST API (the embedded one or any other),
 * with their references resolved through the subjects they name.
 */
import { SchemaDecoder, type SchemaById, type SchemaSource } from './decoder.js';
import { endpointKey, RegistryRestClient, subjectPath, type RegistryEndpoint } from './rest-client.js';
import { schemaTypes, type ResolvedReference, type SchemaReference, type SchemaType } from './types.js';

interface SchemaAnswer {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

export class RegistrySchemaSource implements SchemaSource {
  private readonly client: RegistryRestClient;

  constructor(endpoint: string | RegistryEndpoint) {
    this.client = new RegistryRestClient(endpoint);
  }

  private get<T>(path: string): Promise<T> {
    return this.client.call<T>('GET', path);
  }

  private async resolve(references: readonly SchemaReference[], seen: Set<string>, out: ResolvedReference[]) {
    for (const ref of references) {
      const key = `${ref.subject}\u0000${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const target = await this.get<SchemaAnswer>(`${subjectPath(ref.subject)}/versions/${ref.version}`);
      await this.resolve(target.references ?? [], seen, out);
      out.push({ name: ref.name, schema: inputOf(target) });
    }
  }

  async schemaById(id: number): Promise<SchemaById> {
    const [answer, uses] = await Promise.all([
      this.get<SchemaAnswer>(`/schemas/ids/${id}`),
      this.get<{ subject: string; version: number }[]>(`/schemas/ids/${id}/versions`).catch(() => []),
    ]);
    const references: ResolvedReference[] = [];
    await this.resolve(answer.references ?? [], new Set(), references);
    return {
      input: inputOf(answer),
      references,
      subject: uses[0]?.subject ?? null,
      version: uses[0]?.version ?? null,
    };
  }
}

// One decoder per registry for the life of the process, so schemas fetched by id are kept.
const decoders = new Map<string, SchemaDecoder>();

/** The decoder of a registry, shared by everything that decodes through it. */
export function registryDecoder(endpoint: string | RegistryEndpoint): SchemaDecoder {
  const target = typeof endpoint === 'string' ? { url: endpoint } : endpoint;
  const key = endpointKey(target);
  let decoder = decoders.get(key);
  if (!decoder) {
    decoder = new SchemaDecoder(new RegistrySchemaSource(target));
    decoders.set(key, decoder);
  }
  return decoder;
}

function inputOf(answer: SchemaAnswer) {
  const schemaType =
    answer.schemaType && schemaTypes.includes(answer.schemaType) ? answer.schemaType : 'AVRO';
  return { schema: answer.schema, schemaType, references: answer.references ?? [] };
}

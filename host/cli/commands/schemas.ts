/**
 * `brokerlab schemas list|get|register|check|delete`: the schema registry from the command line,
 * against the running embedded cluster's registry or any Confluent-compatible one (--registry).
 *
 *   schemas list [--deleted]                          subjects with their versions and latest id
 *   schemas get SUBJECT [--version V]                 one version (latest by default) and its schema
 *   schemas register SUBJECT --file F [--type T]      register; prints the id and version
 *   schemas check SUBJECT --file F [--type T] [--version V]
 *                                                     compatibility under the subject's level; exit 1 if not
 *   schemas delete SUBJECT [--version V] [--permanent]
 *
 * The type defaults from the file's extension: .proto is PROTOBUF, .json a JSON Schema when it
 * declares `$schema`, anything else AVRO.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { addJsonOption, dataDirOption, oneOf } from '../options.js';
import { formatTable, printJson } from '../output.js';
import { RegistryRestClient, subjectPath } from '../../schema-registry/rest-client.js';
import { registryUrl, type RegistryOptions } from './registry-url.js';

type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

interface VersionView {
  subject: string;
  version: number;
  id: number;
  schemaType?: SchemaType;
  schema: string;
  references?: { name: string; subject: string; version: number }[];
}

interface CommonOptions extends RegistryOptions {
  readonly json?: boolean;
}

const versionArg = (value: string): string => {
  if (value === 'latest' || /^[1-9]\d*$/.test(value)) return value;
  throw new InvalidArgumentError('expected a version number or "latest"');
};

function addRegistryOptions(command: Command, io: CliIo): Command {
  command
    .addOption(
      new Option('--registry <url>', "schema registry URL (default: the running embedded cluster's)"),
    )
    .addOption(
      dataDirOption(io, 'data directory of the running cluster (its control.json names the registry)'),
    );
  return addJsonOption(command);
}

function client(options: RegistryOptions): RegistryRestClient {
  return new RegistryRestClient(registryUrl(options));
}

function readSchemaFile(
  path: string,
  type: SchemaType | undefined,
): { schema: string; schemaType: SchemaType } {
  let schema: string;
  try {
    schema = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return { schema, schemaType: type ?? typeFromFile(path, schema) };
}

function typeFromFile(path: string, text: string): SchemaType {
  const ext = extname(path).toLowerCase();
  if (ext === '.proto') return 'PROTOBUF';
  if (ext === '.json' && /"\$schema"\s*:/.test(text)) return 'JSON';
  return 'AVRO';
}

/** The schema for people: Avro and JSON Schema indented, Protobuf as written. */
function prettySchema(v: VersionView): string {
  if (v.schemaType === 'PROTOBUF') return v.schema.trimEnd();
  try {
    return JSON.stringify(JSON.parse(v.schema), null, 2);
  } catch {
    return v.schema;
  }
}

const typeOption = () =>
  new Option('--type <type>', 'AVRO, PROTOBUF or JSON (default: from the file)').argParser((value) =>
    oneOf<SchemaType>('AVRO', 'PROTOBUF', 'JSON')(value.toUpperCase()),
  );

export function registerSchemas(program: Command, io: CliIo): void {
  const schemas = program
    .command('schemas')
    .description('list, show, register, check and delete schemas in a schema registry');

  addRegistryOptions(
    schemas
      .command('list')
      .description('subjects with their versions and latest schema id')
      .option('--deleted', 'include soft-deleted subjects and versions'),
    io,
  ).action(async (options: CommonOptions & { deleted?: boolean }) => {
    const registry = client(options);
    const deleted = options.deleted ? '?deleted=true' : '';
    const subjects = await registry.call<string[]>('GET', `/subjects${deleted}`);
    const rows = await Promise.all(
      subjects.map(async (subject) => {
        const versions = await registry.call<number[]>('GET', `${subjectPath(subject)}/versions${deleted}`);
        const latest = await registry.call<VersionView>(
          'GET',
          `${subjectPath(subject)}/versions/${versions.at(-1)}${deleted}`,
        );
        return { subject, versions, latestId: latest.id, schemaType: latest.schemaType ?? 'AVRO' };
      }),
    );
    if (options.json) return printJson(io, rows);
    if (rows.length === 0) return void io.stdout.write('no subjects\n');
    io.stdout.write(
      `${formatTable(
        ['SUBJECT', 'TYPE', 'VERSIONS', 'LATEST ID'],
        rows.map((r) => [r.subject, r.schemaType, r.versions.join(','), r.latestId]),
      )}\n`,
    );
  });

  addRegistryOptions(
    schemas
      .command('get')
      .description('one version of a subject (the latest by default) with its schema')
      .argument('<subject>')
      .addOption(
        new Option('--version <v>', 'version number or latest').argParser(versionArg).default('latest'),
      ),
    io,
  ).action(async (subject: string, options: CommonOptions & { version: string }) => {
    const v = await client(options).call<VersionView>(
      'GET',
      `${subjectPath(subject)}/versions/${options.version}`,
    );
    if (options.json) return printJson(io, v);
    const refs = (v.references ?? []).map((r) => `${r.name} → ${r.subject} v${r.version}`);
    io.stdout.write(
      `subject ${v.subject} · version ${v.version} · id ${v.id} · ${v.schemaType ?? 'AVRO'}\n` +
        (refs.length > 0 ? `references: ${refs.join(', ')}\n` : '') +
        `${prettySchema(v)}\n`,
    );
  });

  addRegistryOptions(
    schemas
      .command('register')
      .description('register a schema under a subject (the same schema again answers its id)')
      .argument('<subject>')
      .requiredOption('--file <path>', 'the schema file (.avsc, .proto, .json)')
      .addOption(typeOption()),
    io,
  ).action(async (subject: string, options: CommonOptions & { file: string; type?: SchemaType }) => {
    const registry = client(options);
    const body = readSchemaFile(options.file, options.type);
    const { id } = await registry.call<{ id: number }>('POST', `${subjectPath(subject)}/versions`, body);
    const { version } = await registry.call<VersionView>('POST', subjectPath(subject), body);
    if (options.json) return printJson(io, { subject, id, version });
    io.stdout.write(`registered ${subject} version ${version} with id ${id}\n`);
  });

  addRegistryOptions(
    schemas
      .command('check')
      .description("check a schema against a subject under the subject's compatibility level")
      .argument('<subject>')
      .requiredOption('--file <path>', 'the schema file (.avsc, .proto, .json)')
      .addOption(typeOption())
      .addOption(
        new Option(
          '--version <v>',
          'check against this version only (default: the versions the level names)',
        ).argParser(versionArg),
      ),
    io,
  ).action(
    async (
      subject: string,
      options: CommonOptions & { file: string; type?: SchemaType; version?: string },
    ) => {
      const registry = client(options);
      const body = readSchemaFile(options.file, options.type);
      const path = `/compatibility${subjectPath(subject)}/versions${options.version ? `/${options.version}` : ''}?verbose=true`;
      const result = await registry.call<{ is_compatible: boolean; messages?: string[] }>('POST', path, body);
      const level = await registry
        .call<{ compatibilityLevel: string }>(
          'GET',
          `/config/${encodeURIComponent(subject)}?defaultToGlobal=true`,
        )
        .then((c) => c.compatibilityLevel)
        .catch(() => 'its level');
      if (options.json) printJson(io, { subject, compatibilityLevel: level, ...result });
      else if (result.is_compatible) io.stdout.write(`compatible with ${subject} under ${level}\n`);
      else {
        io.stdout.write(`not compatible with ${subject} under ${level}:\n`);
        for (const message of result.messages ?? []) io.stdout.write(`  ${message}\n`);
      }
      if (!result.is_compatible) throw new CliError(`the schema is not compatible with ${subject}`);
    },
  );

  addRegistryOptions(
    schemas
      .command('delete')
      .description('delete a subject or one version: softly first, then with --permanent')
      .argument('<subject>')
      .addOption(new Option('--version <v>', 'delete this version only').argParser(versionArg))
      .option('--permanent', 'delete for good what was soft-deleted before'),
    io,
  ).action(async (subject: string, options: CommonOptions & { version?: string; permanent?: boolean }) => {
    const permanent = options.permanent ? '?permanent=true' : '';
    const path = `${subjectPath(subject)}${options.version ? `/versions/${options.version}` : ''}${permanent}`;
    const answer = await client(options).call<number | number[]>('DELETE', path);
    const versions = Array.isArray(answer) ? answer : [answer];
    if (options.json) return printJson(io, { subject, versions, permanent: Boolean(options.permanent) });
    const how = options.permanent ? 'permanently deleted' : 'soft-deleted';
    io.stdout.write(`${how} ${subject} version${versions.length === 1 ? '' : 's'} ${versions.join(', ')}\n`);
  });
}

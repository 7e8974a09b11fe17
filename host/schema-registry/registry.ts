/**
 * The registry's operations, as Confluent's Schema Registry defines them. State changes are
 * written to the log first and applied only once the log acknowledged them (acks=all on the
 * `_schemas` topic), one change at a time, so a check and the write it allows cannot interleave
 * with another request's.
 */
import { compatibilityIssues } from './compatibility.js';
import * as errors from './errors.js';
import { formats, type ParsedSchema } from './formats/index.js';
import { configRecord, schemaRecord, type LogRecordText, type RegistryState } from './state.js';
import {
  DEFAULT_COMPATIBILITY,
  type CompatibilityLevel,
  type ResolvedReference,
  type SchemaInput,
  type SubjectVersion,
} from './types.js';

/** Where changes go before they count: the `_schemas` topic (./schemas-topic.ts) or a test's list. */
export interface RegistryLog {
  /** Resolves once the records are durable; rejects if they could not be written. */
  append(records: readonly LogRecordText[]): Promise<void>;
}

/** `latest` (or -1) or a version number. */
export type VersionSpec = number | 'latest';

const MAX_VERSION = 2 ** 31 - 1;

export function parseVersion(text: string): VersionSpec {
  if (text === 'latest' || text === '-1') return 'latest';
  if (!/^\d+$/.test(text)) throw errors.invalidVersion(text);
  const n = Number(text);
  if (n < 1 || n > MAX_VERSION) throw errors.invalidVersion(text);
  return n;
}

export class SchemaRegistry {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: RegistryState,
    private readonly log: RegistryLog,
  ) {}

  /** Runs one change after the previous ones, then writes and applies its records. */
  private change<T>(plan: () => { records: readonly LogRecordText[]; result: T }): Promise<T> {
    const run = this.queue.then(async () => {
      const { records, result } = plan();
      if (records.length > 0) {
        try {
          await this.log.append(records);
        } catch (err) {
          throw errors.storeError((err as Error).message);
        }
        for (const record of records) this.state.apply(record);
      }
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Lets queued changes land before a read, so a client reads its own writes. */
  private async settled(): Promise<void> {
    await this.queue;
  }

  async subjects(options: { deleted?: boolean; prefix?: string } = {}): Promise<string[]> {
    await this.settled();
    const out: string[] = [];
    for (const [subject, versions] of this.state.subjects) {
      if (options.prefix && !subject.startsWith(options.prefix)) continue;
      if ([...versions.values()].some((v) => options.deleted || !v.deleted)) out.push(subject);
    }
    return out.sort();
  }

  /** The subject's versions, oldest first; throws 40401 when it has none to show. */
  private versionsOf(subject: string, deleted = false): SubjectVersion[] {
    const versions = [...(this.state.subjects.get(subject)?.values() ?? [])]
      .filter((v) => deleted || !v.deleted)
      .sort((a, b) => a.version - b.version);
    if (versions.length === 0) throw errors.subjectNotFound(subject);
    return versions;
  }

  async versions(subject: string, deleted = false): Promise<number[]> {
    await this.settled();
    return this.versionsOf(subject, deleted).map((v) => v.version);
  }

  async version(subject: string, spec: VersionSpec, deleted = false): Promise<SubjectVersion> {
    await this.settled();
    return this.findVersion(subject, spec, deleted);
  }

  private findVersion(subject: string, spec: VersionSpec, deleted = false): SubjectVersion {
    const versions = this.versionsOf(subject, deleted);
    const found = spec === 'latest' ? versions.at(-1) : versions.find((v) => v.version === spec);
    if (!found) throw errors.versionNotFound(subject, spec);
    return found;
  }

  async schemaById(id: number): Promise<SubjectVersion> {
    await this.settled();
    const found = this.state.versionsWithId(id)[0];
    if (!found) throw errors.schemaNotFound(`Schema ${id} not found`);
    return found;
  }

  async idUsage(id: number, deleted = false): Promise<{ subject: string; version: number }[]> {
    await this.settled();
    const uses = this.state.versionsWithId(id);
    if (uses.length === 0) throw errors.schemaNotFound(`Schema ${id} not found`);
    return uses.filter((v) => deleted || !v.deleted).map((v) => ({ subject: v.subject, version: v.version }));
  }

  /** Ids of the live schemas that reference `subject` `version`. */
  async referencedBy(subject: string, spec: VersionSpec): Promise<number[]> {
    await this.settled();
    const target = this.findVersion(subject, spec);
    return this.referrers(target).map((v) => v.id);
  }

  private referrers(target: SubjectVersion): SubjectVersion[] {
    const out: SubjectVersion[] = [];
    for (const versions of this.state.subjects.values()) {
      for (const v of versions.values()) {
        if (
          !v.deleted &&
          v.references.some((r) => r.subject === target.subject && r.version === target.version)
        )
          out.push(v);
      }
    }
    return out;
  }

  /** The references of a schema resolved to their texts, dependencies first, each once. */
  resolveReferences(input: SchemaInput): ResolvedReference[] {
    const out: ResolvedReference[] = [];
    const seen = new Set<string>();
    const visit = (refs: SchemaInput['references'], depth: number) => {
      if (depth > 32) throw errors.invalidSchema('references nest too deeply');
      for (const ref of refs) {
        const key = `${ref.subject}\u0000${ref.version}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const target = this.state.subjects.get(ref.subject)?.get(ref.version);
        if (!target)
          throw errors.invalidSchema(
            `reference ${ref.name} names ${ref.subject} version ${ref.version}, which does not exist`,
          );
        visit(target.references, depth + 1);
        out.push({ name: ref.name, schema: target });
      }
    };
    visit(input.references, 0);
    return out;
  }

  private parse(input: SchemaInput): ParsedSchema {
    return formats[input.schemaType].parse(input, this.resolveReferences(input));
  }

  level(subject: string): CompatibilityLevel {
    return this.state.subjectLevels.get(subject) ?? this.state.globalLevel ?? DEFAULT_COMPATIBILITY;
  }

  /** A live version of the subject holding the same schema, if any. */
  private sameSchema(
    subject: string,
    input: SchemaInput,
    parsed: ParsedSchema,
    deleted = false,
  ): SubjectVersion | undefined {
    const refs = JSON.stringify(input.references);
    return [...(this.state.subjects.get(subject)?.values() ?? [])]
      .filter(
        (v) =>
          (deleted || !v.deleted) &&
          v.schemaType === input.schemaType &&
          JSON.stringify(v.references) === refs,
      )
      .sort((a, b) => a.version - b.version)
      .find((v) => v.schema === parsed.canonical || this.canonical(v) === parsed.canonical);
  }

  private canonical(v: SubjectVersion): string {
    try {
      return this.parse(v).canonical;
    } catch {
      return v.schema;
    }
  }

  private liveParsed(subject: string): { version: number; schema: ParsedSchema }[] {
    return [...(this.state.subjects.get(subject)?.values() ?? [])]
      .filter((v) => !v.deleted)
      .sort((a, b) => a.version - b.version)
      .map((v) => ({ version: v.version, schema: this.parse(v) }));
  }

  /** Registers `input` under `subject`; answers its id (the existing one if already registered). */
  register(subject: string, input: SchemaInput): Promise<{ id: number; version: number }> {
    return this.change(() => {
      const parsed = this.parse(input);
      const existing = this.sameSchema(subject, input, parsed);
      if (existing) return { records: [], result: { id: existing.id, version: existing.version } };
      const issues = compatibilityIssues(this.level(subject), parsed, this.liveParsed(subject));
      if (issues.length > 0) throw errors.incompatibleSchema(subject, issues);
      const stored = { schemaType: input.schemaType, schema: parsed.canonical, references: input.references };
      const id = this.state.idFor(stored);
      const versions = [...(this.state.subjects.get(subject)?.keys() ?? [])];
      const version = Math.max(0, ...versions) + 1;
      const entry: SubjectVersion = { subject, version, id, deleted: false, ...stored };
      return { records: [schemaRecord(entry)], result: { id, version } };
    });
  }

  /** The subject's version holding `input`: 40401 without the subject, 40403 without the schema. */
  async lookup(subject: string, input: SchemaInput, deleted = false): Promise<SubjectVersion> {
    await this.settled();
    this.versionsOf(subject, deleted);
    const found = this.sameSchema(subject, input, this.parse(input), deleted);
    if (!found) throw errors.schemaNotFound();
    return found;
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.change(() => {
      const all = this.versionsOf(subject, true);
      const live = all.filter((v) => !v.deleted);
      for (const v of live)
        if (this.referrers(v).length > 0) throw errors.referenceExists(subject, v.version);
      if (permanent) {
        if (live.length > 0) throw errors.subjectNotSoftDeleted(subject);
        const records: LogRecordText[] = all.map((v) => ({ ...schemaRecord(v), value: null }));
        if (this.state.subjectLevels.has(subject)) records.push(configRecord(subject, null));
        return { records, result: all.map((v) => v.version) };
      }
      if (live.length === 0) throw errors.subjectSoftDeleted(subject);
      return {
        records: live.map((v) => schemaRecord({ ...v, deleted: true })),
        result: live.map((v) => v.version),
      };
    });
  }

  deleteVersion(subject: string, spec: VersionSpec, permanent: boolean): Promise<number> {
    return this.change(() => {
      const all = this.versionsOf(subject, true);
      const target =
        spec === 'latest' ? all.filter((v) => !v.deleted).at(-1) : all.find((v) => v.version === spec);
      if (!target) throw errors.versionNotFound(subject, spec);
      if (!target.deleted && this.referrers(target).length > 0)
        throw errors.referenceExists(subject, target.version);
      if (permanent) {
        if (!target.deleted) throw errors.versionNotSoftDeleted(subject, target.version);
        return { records: [{ ...schemaRecord(target), value: null }], result: target.version };
      }
      if (target.deleted) throw errors.versionSoftDeleted(subject, target.version);
      return { records: [schemaRecord({ ...target, deleted: true })], result: target.version };
    });
  }

  /**
   * Whether `input` is compatible with the subject under its level: against one version
   * (`spec`), or against those the level names (`spec` null). A missing subject is compatible
   * with anything when no version is named.
   */
  async checkCompatibility(
    subject: string,
    spec: VersionSpec | null,
    input: SchemaInput,
  ): Promise<{ compatible: boolean; messages: string[] }> {
    await this.settled();
    const parsed = this.parse(input);
    let previous: { version: number; schema: ParsedSchema }[];
    if (spec === null) previous = this.state.subjects.has(subject) ? this.liveParsed(subject) : [];
    else {
      const target = this.findVersion(subject, spec);
      previous = [{ version: target.version, schema: this.parse(target) }];
    }
    const messages = compatibilityIssues(this.level(subject), parsed, previous);
    return { compatible: messages.length === 0, messages };
  }

  async globalLevel(): Promise<CompatibilityLevel> {
    await this.settled();
    return this.state.globalLevel ?? DEFAULT_COMPATIBILITY;
  }

  /** The subject's own level; with `defaultToGlobal`, the global one when it has none. */
  async subjectLevel(subject: string, defaultToGlobal: boolean): Promise<CompatibilityLevel> {
    await this.settled();
    const own = this.state.subjectLevels.get(subject);
    if (own) return own;
    if (defaultToGlobal) return this.state.globalLevel ?? DEFAULT_COMPATIBILITY;
    throw errors.subjectConfigNotFound(subject);
  }

  setLevel(subject: string | null, level: CompatibilityLevel): Promise<CompatibilityLevel> {
    return this.change(() => ({ records: [configRecord(subject, level)], result: level }));
  }

  /** Removes the subject's own level; answers the level it had. */
  deleteSubjectLevel(subject: string): Promise<CompatibilityLevel> {
    return this.change(() => {
      const own = this.state.subjectLevels.get(subject);
      if (!own) throw errors.subjectNotFound(subject);
      return { records: [configRecord(subject, null)], result: own };
    });
  }
}

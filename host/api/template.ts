/**
 * Record templates for "produce many": text with placeholders, rendered once per record.
 *
 *   {{seq}}                 0, 1, 2, ... (the record's number in the run)
 *   {{uuid}}                a random version-4 UUID
 *   {{now}} / {{nowIso}}    the time of rendering, in ms since the epoch / as ISO 8601
 *   {{random.int(MIN,MAX)}} a whole number from MIN to MAX, both included
 *   {{random.float}}        a number in [0, 1)
 *   {{random.pick(a,b,c)}}  one of the listed words
 *   {{random.string(N)}}    N random letters and digits
 *
 * Randomness comes from a seeded generator, so a run (and the console's preview of it) can be
 * repeated exactly. Pure: no Node built-ins, shared by the host's producer and the console.
 */

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'seq' | 'uuid' | 'now' | 'nowIso' | 'float' }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'pick'; readonly options: readonly string[] }
  | { readonly kind: 'string'; readonly length: number };

export interface TemplateContext {
  readonly seq: number;
  readonly now: number;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    message: string,
    /** Index in the template text where the bad placeholder starts. */
    readonly at: number,
  ) {
    super(message);
  }
}

const placeholderHelp =
  'seq, uuid, now, nowIso, random.int(MIN,MAX), random.float, random.pick(a,b,...), random.string(N)';

function parsePlaceholder(body: string, at: number): TemplatePart {
  const b = body.trim();
  if (b === 'seq' || b === 'uuid' || b === 'now' || b === 'nowIso') return { kind: b };
  if (b === 'random.float') return { kind: 'float' };
  const call = /^random\.(int|pick|string)\((.*)\)$/.exec(b);
  if (call) {
    const [, fn, rawArgs] = call;
    const args = rawArgs!.split(',').map((a) => a.trim());
    if (fn === 'int') {
      const [min, max] = args.map(Number);
      if (args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max))
        throw new TemplateError(`{{random.int(MIN,MAX)}} takes two whole numbers, not "${rawArgs}"`, at);
      if (min! > max!) throw new TemplateError(`{{random.int(${min},${max})}}: MIN is larger than MAX`, at);
      return { kind: 'int', min: min!, max: max! };
    }
    if (fn === 'pick') {
      if (args.some((a) => a === ''))
        throw new TemplateError('{{random.pick(a,b,...)}} takes one or more words', at);
      return { kind: 'pick', options: args };
    }
    const length = Number(args[0]);
    if (args.length !== 1 || !Number.isInteger(length) || length < 0 || length > 1_000_000)
      throw new TemplateError('{{random.string(N)}} takes a length from 0 to 1000000', at);
    return { kind: 'string', length };
  }
  throw new TemplateError(`unknown placeholder {{${b}}}; the placeholders are ${placeholderHelp}`, at);
}

/** Splits a template into text and placeholders; throws a TemplateError naming the bad one. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      parts.push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: 'text', text: template.slice(i, open) });
    const close = template.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError('a placeholder opened with {{ is never closed with }}', open);
    parts.push(parsePlaceholder(template.slice(open + 2, close), open));
    i = close + 2;
  }
  return parts;
}

/** The problem with a template in words, or null when it renders. */
export function templateProblem(template: string): string | null {
  try {
    parseTemplate(template);
    return null;
  } catch (e) {
    return e instanceof TemplateError ? e.message : String(e);
  }
}

const alphanumerics = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const hex = '0123456789abcdef';

function uuid(random: () => number): string {
  let out = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) out += '-';
    else if (i === 14) out += '4';
    else if (i === 19) out += hex[8 + Math.floor(random() * 4)];
    else out += hex[Math.floor(random() * 16)];
  }
  return out;
}

export function renderParts(parts: readonly TemplatePart[], ctx: TemplateContext): string {
  let out = '';
  for (const p of parts) {
    switch (p.kind) {
      case 'text':
        out += p.text;
        break;
      case 'seq':
        out += String(ctx.seq);
        break;
      case 'uuid':
        out += uuid(ctx.random);
        break;
      case 'now':
        out += String(ctx.now);
        break;
      case 'nowIso':
        out += new Date(ctx.now).toISOString();
        break;
      case 'float':
        out += String(ctx.random());
        break;
      case 'int':
        out += String(p.min + Math.floor(ctx.random() * (p.max - p.min + 1)));
        break;
      case 'pick':
        out += p.options[Math.floor(ctx.random() * p.options.length)];
        break;
      case 'string':
        for (let i = 0; i < p.length; i++)
          out += alphanumerics[Math.floor(ctx.random() * alphanumerics.length)];
        break;
    }
  }
  return out;
}

/** mulberry32: a small, fast, seeded generator; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RecordTemplate {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: readonly { readonly key: string; readonly value: string }[];
}

export interface RenderedRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: { key: string; value: string }[];
}

/**
 * A run of records from one template: record `seq` renders its key, then its value, then its
 * header values, all from one generator seeded once for the run — so a run with a given seed is
 * the same wherever it is rendered (the console's preview shows what the producer will send).
 * Throws a TemplateError when a template does not parse.
 */
export function templateRun(
  template: RecordTemplate,
  seed: number,
): (seq: number, now: number) => RenderedRecord {
  const key = template.key === null ? null : parseTemplate(template.key);
  const value = template.value === null ? null : parseTemplate(template.value);
  const headers = template.headers.map((h) => ({ key: h.key, parts: parseTemplate(h.value) }));
  const random = seededRandom(seed);
  return (seq, now) => {
    const ctx = { seq, now, random };
    return {
      key: key === null ? null : renderParts(key, ctx),
      value: value === null ? null : renderParts(value, ctx),
      headers: headers.map((h) => ({ key: h.key, value: renderParts(h.parts, ctx) })),
    };
  };
}

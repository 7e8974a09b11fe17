import { describe, expect, it } from 'vitest';
import {
  parseTemplate,
  renderParts,
  seededRandom,
  templateProblem,
  templateRun,
} from '../../../host/api/template.js';

const render = (template: string, seq = 0, seed = 7, now = Date.UTC(2026, 0, 2, 3, 4, 5, 6)) =>
  renderParts(parseTemplate(template), { seq, now, random: seededRandom(seed) });

describe('record templates', () => {
  it('keeps plain text as it is, braces included when they are not a placeholder', () => {
    expect(render('{"id": 1} { single }')).toBe('{"id": 1} { single }');
  });

  it('renders seq, now and nowIso from the context', () => {
    expect(render('order-{{seq}} at {{now}} = {{ nowIso }}', 41)).toBe(
      `order-41 at ${Date.UTC(2026, 0, 2, 3, 4, 5, 6)} = 2026-01-02T03:04:05.006Z`,
    );
  });

  it('renders version-4 UUIDs', () => {
    const out = render('{{uuid}}');
    expect(out).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps random.int within both bounds and reaches each of them', () => {
    const parts = parseTemplate('{{random.int(-2,2)}}');
    const random = seededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(Number(renderParts(parts, { seq: i, now: 0, random })));
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
  });

  it('picks only listed words and builds strings of the asked length', () => {
    const parts = parseTemplate('{{random.pick(red, green,blue)}}|{{random.string(12)}}');
    const random = seededRandom(3);
    for (let i = 0; i < 50; i++) {
      const [word, text] = renderParts(parts, { seq: i, now: 0, random }).split('|');
      expect(['red', 'green', 'blue']).toContain(word);
      expect(text).toMatch(/^[A-Za-z0-9]{12}$/);
    }
  });

  it('repeats a run exactly with the same seed and differs with another', () => {
    const t = '{{uuid}} {{random.float}} {{random.int(0,1000000)}}';
    expect(render(t, 0, 99)).toBe(render(t, 0, 99));
    expect(render(t, 0, 99)).not.toBe(render(t, 0, 100));
  });

  it('names what is wrong with a bad template', () => {
    expect(templateProblem('{{seq}}')).toBeNull();
    expect(templateProblem('a {{sequence}}')).toMatch(/unknown placeholder \{\{sequence\}\}/);
    expect(templateProblem('a {{seq')).toMatch(/never closed/);
    expect(templateProblem('{{random.int(5,1)}}')).toMatch(/MIN is larger than MAX/);
    expect(templateProblem('{{random.int(a,1)}}')).toMatch(/two whole numbers/);
    expect(templateProblem('{{random.string(-1)}}')).toMatch(/length/);
    expect(templateProblem('{{random.pick()}}')).toMatch(/one or more words/);
  });
});

describe('a template run', () => {
  it('renders key, value and headers per record from one seeded generator', () => {
    const template = {
      key: 'k{{seq}}',
      value: '{"n":{{random.int(1,9)}}}',
      headers: [{ key: 'trace', value: '{{uuid}}' }],
    };
    const a = templateRun(template, 5);
    const b = templateRun(template, 5);
    const first = [a(0, 1), a(1, 1), a(2, 1)];
    expect([b(0, 1), b(1, 1), b(2, 1)]).toEqual(first);
    expect(first.map((r) => r.key)).toEqual(['k0', 'k1', 'k2']);
    expect(first[0]!.value).toMatch(/^\{"n":[1-9]\}$/);
    expect(first[0]!.headers[0]!.value).not.toBe(first[1]!.headers[0]!.value);
  });

  it('leaves a null key or value null and refuses a bad template up front', () => {
    expect(templateRun({ key: null, value: null, headers: [] }, 1)(0, 0)).toEqual({
      key: null,
      value: null,
      headers: [],
    });
    expect(() => templateRun({ key: '{{nope}}', value: 'x', headers: [] }, 1)).toThrow(/unknown placeholder/);
  });
});

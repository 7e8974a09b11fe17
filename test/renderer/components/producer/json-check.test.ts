import { describe, expect, it } from 'vitest';
import {
  formatJson,
  jsonProblem,
  looksLikeJson,
} from '../../../../renderer/components/producer/json-check.js';

describe('JSON checks in the producer', () => {
  it('accepts valid JSON', () => {
    expect(jsonProblem('{"a": [1, -2.5e3, "x\\n\\u00e9", true, null], "b": {}}')).toBeNull();
  });

  it.each([
    ['{\n  "a": 1,\n  "b": }', 3, 8, /expected a value but found '}'/],
    ['{"a": 1,}', 1, 8, /trailing comma/],
    ['[1 2]', 1, 4, /expected ',' or '\]'/],
    ['{a: 1}', 1, 2, /quoted/],
    ['{"a": "line\nbreak"}', 1, 12, /control character/],
    ['{"a": "open', 1, 7, /never closed/],
    ['{"a": 01}', 1, 8, /expected ',' or '}'/],
    ['{"a": 1} x', 1, 10, /after the end/],
    ['{"a": "\\x"}', 1, 8, /not a JSON escape/],
  ])('finds the problem in %j at line %i, column %i', (text, line, column, message) => {
    const p = jsonProblem(text);
    expect(p).toMatchObject({ line, column });
    expect(p?.message).toMatch(message);
  });

  it('decides what looks like JSON and formats it', () => {
    expect(looksLikeJson('  {"a":1}')).toBe(true);
    expect(looksLikeJson('hello')).toBe(false);
    expect(formatJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(formatJson('{oops')).toBe('{oops');
  });
});

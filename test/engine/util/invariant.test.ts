import { describe, expect, it } from 'vitest';
import { invariant, InvariantError } from '../../../engine/util/invariant.js';

describe('invariant', () => {
  it('passes when the condition holds', () => {
    expect(() => invariant(1 + 1 === 2, 'math')).not.toThrow();
  });
  it('throws an InvariantError naming the broken rule', () => {
    expect(() => invariant(false, () => 'hw 5 > leo 4')).toThrow(InvariantError);
    expect(() => invariant(false, 'hw 5 > leo 4')).toThrow('hw 5 > leo 4');
  });
});

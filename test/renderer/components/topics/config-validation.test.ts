import { describe, expect, it } from 'vitest';
import {
  configValueProblem,
  crossConfigProblems,
} from '../../../../renderer/components/topics/config-validation.js';

describe('topic config values', () => {
  it('checks whole numbers by their Kafka type', () => {
    expect(configValueProblem({ type: 'long', validValues: null }, '604800000')).toBeNull();
    expect(configValueProblem({ type: 'long', validValues: null }, '-1')).toBeNull();
    expect(configValueProblem({ type: 'long', validValues: null }, '7d')).toBe('a whole number');
    expect(configValueProblem({ type: 'int', validValues: null }, '3000000000')).toMatch(
      /from -2147483648 to 2147483647/,
    );
    expect(configValueProblem({ type: 'short', validValues: null }, '40000')).toMatch(/32767/);
  });

  it('checks booleans, doubles and enumerations', () => {
    expect(configValueProblem({ type: 'boolean', validValues: null }, 'yes')).toBe('true or false');
    expect(configValueProblem({ type: 'double', validValues: null }, '0.5')).toBeNull();
    expect(configValueProblem({ type: 'string', validValues: ['producer', 'gzip'] }, 'brotli')).toBe(
      'one of: producer, gzip',
    );
    expect(
      configValueProblem({ type: 'list', validValues: ['compact', 'delete'] }, 'compact, delete'),
    ).toBeNull();
    expect(configValueProblem({ type: 'list', validValues: ['compact', 'delete'] }, 'compact,keep')).toMatch(
      /comma-separated/,
    );
    expect(configValueProblem({ type: 'string', validValues: null }, '  ')).toMatch(/a value/);
  });

  it('catches settings that contradict each other', () => {
    expect(crossConfigProblems({ 'min.insync.replicas': '3' }, 2)['min.insync.replicas']).toMatch(
      /never write/,
    );
    expect(crossConfigProblems({ 'min.insync.replicas': '2' }, 3)).toEqual({});
    expect(
      crossConfigProblems({ 'segment.bytes': '2000', 'retention.bytes': '1000' }, 3)['segment.bytes'],
    ).toBeDefined();
  });
});

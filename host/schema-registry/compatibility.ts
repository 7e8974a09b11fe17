/**
 * Compatibility levels from the one question a format answers ("can this reader read what that
 * writer wrote?"): BACKWARD means the new schema reads data written with earlier ones (consumers
 * upgrade first), FORWARD that earlier schemas read data written with the new one (producers
 * upgrade first), FULL both. The plain levels check against the latest version only; the
 * transitive ones against every live version.
 */
import type { ParsedSchema } from './formats/index.js';
import type { CompatibilityLevel } from './types.js';

/** Why `candidate` breaks `level` against `previous` (oldest first, live versions only). */
export function compatibilityIssues(
  level: CompatibilityLevel,
  candidate: ParsedSchema,
  previous: readonly { readonly version: number; readonly schema: ParsedSchema }[],
): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const against = level.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const issues: string[] = [];
  for (const { version, schema } of against) {
    if (backward) {
      for (const issue of candidate.readIssues(schema))
        issues.push(`{version: ${version}, reading data written with it: ${issue}}`);
    }
    if (forward) {
      for (const issue of schema.readIssues(candidate))
        issues.push(`{version: ${version}, it reading the new schema's data: ${issue}}`);
    }
  }
  return issues;
}

/** Short human descriptions of what a job does, for its title in the console's job list. */
import type { Match, MessageFilter } from '../api/schemas/messages.js';

function describeMatch(match: Match): string {
  switch (match.op) {
    case 'contains':
      return `contains "${match.text}"`;
    case 'equals':
      return `= "${match.text}"`;
    case 'regex':
      return `~ /${match.pattern}/`;
    case 'jsonPath':
      return match.test ? `${match.path} ${describeMatch(match.test)}` : `has ${match.path}`;
  }
}

export function describeFilter(filter: MessageFilter): string {
  const parts: string[] = [];
  if (filter.key) parts.push(`key ${describeMatch(filter.key)}`);
  if (filter.value) parts.push(`value ${describeMatch(filter.value)}`);
  for (const header of filter.headers ?? []) {
    parts.push(header.value ? `header ${header.key} ${describeMatch(header.value)}` : `header ${header.key}`);
  }
  if (filter.timestampFrom !== undefined || filter.timestampTo !== undefined) parts.push('a time range');
  return parts.length ? parts.join(' and ') : 'every record';
}

import { describe, expect, it } from 'vitest';
import {
  describeFilter,
  draftFromFilter,
  emptyFilterDraft,
  filterFromDraft,
} from '../../../../renderer/components/messages/filter-draft.js';

describe('filter drafts', () => {
  it('filters nothing when every field is left at any', () => {
    expect(filterFromDraft(emptyFilterDraft())).toEqual({ filter: null, problems: {} });
  });

  it('builds key, value, header and time criteria', () => {
    const d = emptyFilterDraft();
    d.key = { ...d.key, op: 'equals', text: 'user-7' };
    d.value = {
      ...d.value,
      op: 'jsonPath',
      path: '$.order.status',
      test: 'contains',
      text: 'PAID',
      caseSensitive: false,
    };
    d.headers = [
      { name: 'trace-id', op: 'present', text: '' },
      { name: 'source', op: 'regex', text: '^web' },
    ];
    d.timestampFrom = 1000;
    d.timestampTo = 2000;
    expect(filterFromDraft(d)).toEqual({
      problems: {},
      filter: {
        key: { op: 'equals', text: 'user-7' },
        value: {
          op: 'jsonPath',
          path: '$.order.status',
          test: { op: 'contains', text: 'PAID', caseSensitive: false },
        },
        headers: [
          { key: 'trace-id' },
          { key: 'source', value: { op: 'regex', pattern: '^web', caseSensitive: false } },
        ],
        timestampFrom: 1000,
        timestampTo: 2000,
      },
    });
  });

  it('names the field of each problem in the words of the contract', () => {
    const d = emptyFilterDraft();
    d.value = { ...d.value, op: 'regex', text: '(unclosed' };
    d.key = { ...d.key, op: 'jsonPath', path: 'order.id', test: 'exists' };
    d.headers = [{ name: ' ', op: 'present', text: '' }];
    d.timestampFrom = 5000;
    d.timestampTo = 4000;
    const { filter, problems } = filterFromDraft(d);
    expect(filter).toBeNull();
    expect(problems['value']).toBe('not a valid regular expression');
    expect(problems['key']).toMatch(/JSON path looks like/);
    expect(problems['headers.0']).toBe('a header name is required');
    expect(problems['timestampTo']).toMatch(/before its start/);
  });

  it('refuses an empty contains text', () => {
    const d = emptyFilterDraft();
    d.value = { ...d.value, op: 'contains', text: '' };
    expect(filterFromDraft(d).problems['value']).toBe('the text to look for is empty');
  });

  it('turns a filter back into the draft that makes it', () => {
    const d = emptyFilterDraft();
    d.value = { ...d.value, op: 'contains', text: 'needle', caseSensitive: true };
    d.headers = [{ name: 'h', op: 'equals', text: 'v' }];
    const { filter } = filterFromDraft(d);
    expect(filterFromDraft(draftFromFilter(filter))).toEqual({ filter, problems: {} });
  });

  it('describes a filter in one line', () => {
    expect(
      describeFilter({
        value: { op: 'contains', text: 'abc', caseSensitive: false },
        headers: [{ key: 'trace' }],
      }),
    ).toBe('value contains "abc" · header trace');
    expect(describeFilter(null)).toBe('');
  });
});

import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import MessageFilters from '../../../../renderer/components/messages/MessageFilters.vue';

/** Picks an option of a native select by its visible text, as a user would. */
async function choose(w: ReturnType<typeof mount>, label: string, option: string): Promise<void> {
  const select = w.get(`select[aria-label="${label}"]`);
  const wanted = select.findAll('option').find((o) => o.text() === option);
  if (!wanted) throw new Error(`no option ${option} in ${label}`);
  await select.setValue((wanted.element as HTMLOptionElement).value);
}

describe('MessageFilters', () => {
  it('applies a value filter built from the form', async () => {
    const w = mount(MessageFilters, { props: { filter: null } });
    await choose(w, 'Value condition', 'contains');
    await w.get('input[aria-label="Value text"]').setValue('needle');
    await w.get('form').trigger('submit');
    expect(w.emitted('apply')).toEqual([
      [{ value: { op: 'contains', text: 'needle', caseSensitive: false } }],
    ]);
  });

  it('shows the problem beside the field and sends nothing for an invalid regex', async () => {
    const w = mount(MessageFilters, { props: { filter: null } });
    await choose(w, 'Key condition', 'matches regex');
    await w.get('input[aria-label="Key text"]').setValue('(open');
    await w.get('form').trigger('submit');
    expect(w.emitted('apply')).toBeUndefined();
    expect(w.get('[role=alert]').text()).toBe('not a valid regular expression');
  });

  it('fills the form from the current filter and clears it', async () => {
    const w = mount(MessageFilters, { props: { filter: { headers: [{ key: 'trace-id' }] } } });
    expect((w.get('input[aria-label="Header 1 name"]').element as HTMLInputElement).value).toBe('trace-id');
    await w
      .findAll('button')
      .find((b) => b.text() === 'Clear filters')!
      .trigger('click');
    expect(w.emitted('apply')).toEqual([[null]]);
    expect(w.find('input[aria-label="Header 1 name"]').exists()).toBe(false);
  });
});

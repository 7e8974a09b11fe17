import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { installApi } from '../../../../renderer/api/current.js';
import ResetOffsetsDialog from '../../../../renderer/components/groups/ResetOffsetsDialog.vue';
import { useGroupsStore } from '../../../../renderer/stores/groups.js';
import { fakeApi, type FakeApi } from '../../fake-api.js';
import { freshPinia } from '../../pinia.js';

let fake: FakeApi;
beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
  fake.answer('groups.describe', () => ({
    groupId: 'billing',
    state: 'Empty',
    protocolType: 'consumer',
    protocol: '',
    coordinator: 1,
    members: [],
    offsets: [],
    totalLag: 0,
  }));
  fake.answer('groups.lagSeries', () => ({ groupId: 'billing', intervalMs: 1000, samples: [] }));
  fake.answer('groups.resetOffsets', (input) => ({
    groupId: input.groupId,
    dryRun: input.dryRun ?? false,
    offsets: [
      { topic: 'orders', partition: 0, previousOffset: 120, newOffset: 20 },
      { topic: 'orders', partition: 1, previousOffset: 80, newOffset: 0 },
    ],
  }));
  useGroupsStore().openGroup('billing');
});
afterEach(() => {
  document.body.innerHTML = '';
});

/** The dialog, open, its `show` bound as a parent binds it; `done` collects what it reports. */
function openDialog(hasMembers = false) {
  const show = ref(true);
  const done: unknown[] = [];
  const wrapper = mount(
    defineComponent(
      () => () =>
        h(ResetOffsetsDialog, {
          show: show.value,
          'onUpdate:show': (v: boolean) => (show.value = v),
          topics: ['orders', 'payments'],
          hasMembers,
          onDone: (r: unknown) => done.push(r),
        }),
    ),
    { attachTo: document.body },
  );
  return { wrapper, show, done };
}

const button = (name: string) =>
  [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;

describe('ResetOffsetsDialog', () => {
  it('previews every partition’s move and what it means, then resets for real', async () => {
    const { wrapper, show, done } = openDialog();
    const topic = document.body.querySelector('select[aria-label="Topic"]') as HTMLSelectElement;
    topic.value = String([...topic.options].findIndex((o) => o.text.trim() === 'orders'));
    topic.dispatchEvent(new Event('change'));
    await flushPromises();
    expect(button('Reset offsets').disabled).toBe(true);

    button('Preview').click();
    await flushPromises();
    expect(fake.callsOf('groups.resetOffsets')).toEqual([
      { groupId: 'billing', topic: 'orders', target: { to: 'earliest' }, dryRun: true },
    ]);
    const rows = [...document.body.querySelectorAll('[aria-label="Offsets after the reset"] tbody tr')];
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent).join(' '))).toEqual([
      'orders 0 120 20',
      'orders 1 80 0',
    ]);
    expect(document.body.textContent).toContain(
      "2 partitions move. The group's consumers will read 180 records again.",
    );

    button('Reset offsets').click();
    await flushPromises();
    expect(fake.callsOf('groups.resetOffsets')[1]).toMatchObject({ dryRun: false, topic: 'orders' });
    expect(done).toHaveLength(1);
    expect(show.value).toBe(false);
    wrapper.unmount();
  });

  it('refuses to reset while the group has members, and says why', async () => {
    const { wrapper } = openDialog(true);
    expect(document.body.querySelector('[role="alert"]')?.textContent).toContain('stop its consumers first');
    button('Preview').click();
    await flushPromises();
    expect(button('Reset offsets').disabled).toBe(true);
    wrapper.unmount();
  });
});

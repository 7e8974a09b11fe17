import { mount } from '@vue/test-utils';
import { NDataTable } from 'naive-ui';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, ref, withDirectives } from 'vue';
import { vTableName } from '../../../renderer/util/table-name.js';

const columns = [{ title: 'Name', key: 'name' }];

function tableWith(rows: { name: string }[], height?: number) {
  const data = ref(rows);
  const name = ref('Topics');
  const maxHeight = ref(height);
  const wrapper = mount(
    defineComponent(
      () => () =>
        withDirectives(
          h(NDataTable, {
            columns,
            data: data.value,
            rowKey: (r: { name: string }) => r.name,
            maxHeight: maxHeight.value,
          }),
          [[vTableName, name.value]],
        ),
    ),
    { attachTo: document.body },
  );
  return { wrapper, data, name, maxHeight };
}

const labels = (w: ReturnType<typeof mount>) => w.findAll('table').map((t) => t.attributes('aria-label'));

describe('vTableName', () => {
  it('names the data table’s own <table>, not its wrapper', () => {
    const { wrapper } = tableWith([{ name: 'orders' }]);
    expect(labels(wrapper)).toEqual(['Topics']);
    expect(wrapper.element.getAttribute('aria-label')).toBeNull();
    wrapper.unmount();
  });

  it('keeps the name unique when the header is a table of its own', () => {
    const { wrapper } = tableWith([{ name: 'orders' }], 200);
    expect(labels(wrapper).sort()).toEqual(['Column headings', 'Topics']);
    wrapper.unmount();
  });

  it('names tables drawn later and follows a new name', async () => {
    const { wrapper, data, name, maxHeight } = tableWith([]);
    data.value = [{ name: 'orders' }, { name: 'payments' }];
    maxHeight.value = 200;
    name.value = 'Topics of the cluster';
    await nextTick();
    expect(wrapper.findAll('tbody tr')).toHaveLength(2);
    expect(labels(wrapper).sort()).toEqual(['Column headings', 'Topics of the cluster']);
    wrapper.unmount();
  });
});

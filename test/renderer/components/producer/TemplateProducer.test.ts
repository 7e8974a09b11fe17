import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../../host/api/index.js';
import { templateRun } from '../../../../host/api/template.js';
import { installApi } from '../../../../renderer/api/current.js';
import TemplateProducer from '../../../../renderer/components/producer/TemplateProducer.vue';
import { fakeApi, type FakeApi } from '../../fake-api.js';
import { freshPinia } from '../../pinia.js';

let fake: FakeApi;
beforeEach(() => {
  freshPinia();
  fake = fakeApi();
  installApi(fake.api);
});

const running: JobStatus = {
  id: 'j1',
  kind: 'produce',
  title: 'produce 3 records to orders',
  state: 'running',
  startedAt: 0,
  finishedAt: null,
  progress: {
    records: 1,
    bytes: 10,
    totalRecords: 3,
    totalBytes: null,
    matched: null,
    percent: null,
    recordsPerSecond: 10,
    bytesPerSecond: 100,
    etaMs: 200,
  },
  result: null,
  error: null,
};

function mountForm() {
  return mount(TemplateProducer, { props: { topic: 'orders', partitions: 3 }, attachTo: document.body });
}

async function type(w: ReturnType<typeof mount>, label: string, text: string): Promise<void> {
  await w.get(`[aria-label="${label}"]`).setValue(text);
}

const produceButton = (w: ReturnType<typeof mount>) =>
  w.findAll('button').find((b) => b.text().startsWith('Produce'))!;

describe('TemplateProducer', () => {
  it('previews the first records exactly as the seeded run will render them', async () => {
    const w = mountForm();
    await type(w, 'Key template', 'user-{{random.int(1,50)}}');
    await type(w, 'Value template', '{"seq": {{seq}}, "id": "{{uuid}}"}');
    await type(w, 'Seed', '42');
    await w.get('[aria-label="Seed"]').trigger('blur');
    const expected = templateRun(
      { key: 'user-{{random.int(1,50)}}', value: '{"seq": {{seq}}, "id": "{{uuid}}"}', headers: [] },
      42,
    );
    const lines = w.findAll('[aria-label="Preview of the first records"] li').map((li) => li.text());
    expect(lines).toHaveLength(3);
    lines.forEach((line, seq) => {
      const r = expected(seq, 0);
      expect(line).toContain(`${r.key} → ${r.value}`);
    });
    expect(lines[2]).toContain('"seq": 2');
    w.unmount();
  });

  it('names the problem in a template and starts nothing', async () => {
    const w = mountForm();
    await type(w, 'Value template', '{"id": "{{uuid}"}');
    expect(w.get('[role=alert]').text()).not.toBe('');
    expect(w.findAll('[aria-label="Preview of the first records"] li')).toHaveLength(0);
    expect(produceButton(w).attributes('disabled')).toBeDefined();
    await w.get('form').trigger('submit');
    expect(fake.callsOf('messages.produceTemplate')).toEqual([]);
    w.unmount();
  });

  it('starts a run with the templates, count and seed, and shows its progress', async () => {
    fake.answer('messages.produceTemplate', () => ({ jobId: 'j1' }));
    fake.answer('jobs.status', () => running);
    const w = mountForm();
    await type(w, 'Key template', '');
    await type(w, 'Value template', 'tick {{seq}}');
    await type(w, 'Number of records', '3');
    await w.get('[aria-label="Number of records"]').trigger('blur');
    await type(w, 'Seed', '7');
    await w.get('[aria-label="Seed"]').trigger('blur');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(fake.callsOf('messages.produceTemplate')).toEqual([
      {
        topic: 'orders',
        count: 3,
        key: null,
        value: 'tick {{seq}}',
        headers: [],
        acks: 'all',
        compression: 'none',
        seed: 7,
      },
    ]);
    expect(w.get('[data-testid="template-job"]').text()).toContain('1 / 3 records');
    w.unmount();
  });
});

import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../../host/api/index.js';
import JobProgress from '../../../../renderer/components/transfer/JobProgress.vue';

const job = (state: JobStatus['state'], error: JobStatus['error'] = null): JobStatus => ({
  id: 'export-1',
  kind: 'export',
  title: 'export orders',
  state,
  startedAt: 0,
  finishedAt: state === 'running' ? null : 1,
  progress: {
    records: 2500,
    bytes: 1_500_000,
    totalRecords: 10_000,
    totalBytes: null,
    matched: 2500,
    percent: 25,
    recordsPerSecond: 500,
    bytesPerSecond: 300_000,
    etaMs: 15_000,
  },
  result: null,
  error,
});

describe('JobProgress', () => {
  it('shows records of the total, bytes, rate and time left, and cancels while running', async () => {
    const w = mount(JobProgress, { props: { job: job('running') } });
    expect(w.get('[data-testid="job-state"]').text()).toBe('Running');
    expect(w.get('[data-testid="job-records"]').text()).toBe('2,500 of 10,000');
    expect(w.text()).toContain('1.5 MB');
    expect(w.text()).toContain('500/s');
    expect(w.text()).toContain('Time left');
    await w.get('button').trigger('click');
    expect(w.emitted('cancel')).toHaveLength(1);
  });

  it('shows why a job failed, and no Cancel once it ended', () => {
    const w = mount(JobProgress, {
      props: {
        job: job('failed', { name: 'ApiError', code: 'INVALID_INPUT', message: 'line 3: not valid JSON' }),
      },
    });
    expect(w.get('[role="alert"]').text()).toBe('line 3: not valid JSON');
    expect(w.find('button').exists()).toBe(false);
    expect(w.text()).not.toContain('Time left');
  });
});

/**
 * The producer: one record at a time (the answer names its partition and offset), or many from
 * a template as a job whose progress the view follows until it ends. The last results stay in a
 * short history so the user sees where each send went.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { JobStatus } from '../../host/api/schemas/jobs.js';
import type { MethodInput, MethodOutput, Unsubscribe } from '../../host/api/types.js';
import { useApi } from '../api/current.js';

export type ProduceInput = MethodInput<'messages.produce'>;
export type ProduceResult = MethodOutput<'messages.produce'>;
export type TemplateInput = MethodInput<'messages.produceTemplate'>;

export const historyLimit = 20;

export const useProducerStore = defineStore('producer', () => {
  const sending = ref(false);
  const history = shallowRef<ProduceResult[]>([]);
  const job = shallowRef<JobStatus | null>(null);
  const jobError = shallowRef<unknown>(null);
  let unsubscribe: Unsubscribe | undefined;

  async function produce(input: ProduceInput): Promise<ProduceResult> {
    sending.value = true;
    try {
      const result = await useApi().messages.produce(input);
      history.value = [result, ...history.value].slice(0, historyLimit);
      return result;
    } finally {
      sending.value = false;
    }
  }

  function follow(jobId: string): void {
    unsubscribe?.();
    unsubscribe = useApi().jobs.onProgress(
      { jobId },
      (status) => {
        job.value = status;
        if (status.state !== 'running') stopFollowing();
      },
      (e) => {
        jobError.value = e;
        unsubscribe = undefined;
      },
    );
  }

  function stopFollowing(): void {
    unsubscribe?.();
    unsubscribe = undefined;
  }

  /** Starts a template run; its status arrives in `job` until it is done, failed or cancelled. */
  async function produceMany(input: TemplateInput): Promise<void> {
    jobError.value = null;
    sending.value = true;
    try {
      const { jobId } = await useApi().messages.produceTemplate(input);
      follow(jobId);
      job.value = await useApi().jobs.status({ jobId });
      if (job.value.state !== 'running') stopFollowing();
    } finally {
      sending.value = false;
    }
  }

  async function cancel(): Promise<void> {
    if (job.value?.state === 'running') job.value = await useApi().jobs.cancel({ jobId: job.value.id });
  }

  return { sending, history, job, jobError, produce, produceMany, cancel, stopFollowing };
});

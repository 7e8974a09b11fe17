/**
 * Faults as one-click actions that say what they did: each runs through the faults store and
 * answers with a toast (what happened, in plain words, and a link to the timeline) or an error
 * toast with the API's message. Used by the Faults view and the command palette.
 */
import { NButton, useNotification } from 'naive-ui';
import { h } from 'vue';
import { useRouter } from 'vue-router';
import { useFaultsStore, type Isolation } from '../../stores/faults.js';
import { showError } from '../../util/errors.js';

const explain = {
  kill: (id: number) =>
    `Broker ${id} crashed: its listener and links dropped at once. Watch leaders move and the ISR shrink.`,
  stop: (id: number) => `Broker ${id} is stopping: its leaderships move away first, then it shuts down.`,
  start: (id: number) =>
    `Broker ${id} is starting again. It catches up with the leaders and rejoins the ISR.`,
  isolate: (id: number, from: Isolation) =>
    from === 'clients'
      ? `Broker ${id} no longer answers Kafka clients; the other brokers still reach it.`
      : from === 'brokers'
        ? `Broker ${id} is cut off from the other brokers; clients still reach it.`
        : `Broker ${id} is cut off from the other brokers and from clients.`,
  delay: (id: number, ms: number) => `Every link of broker ${id} now waits ${ms} ms.`,
  killTransactionCoordinator: (transactionalId: string) =>
    `The broker coordinating ${transactionalId} crashed. Another broker loads its transactions from __transaction_state; producers find it and carry on.`,
};

export function useFaultActions() {
  const faults = useFaultsStore();
  const notification = useNotification();
  const router = useRouter();

  const timelineLink = () =>
    h(
      NButton,
      {
        text: true,
        type: 'primary',
        size: 'small',
        onClick: () => void router.push({ name: 'faults', hash: '#timeline' }),
      },
      { default: () => 'Open the timeline' },
    );

  async function act(title: string, description: string, action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      notification.success({
        title,
        // A live region, so the toast is announced and can be found by its title.
        content: () => h('div', { role: 'status', 'aria-label': title }, description),
        action: timelineLink,
        duration: 6000,
        keepAliveOnHover: true,
      });
      return true;
    } catch (e) {
      const shown = showError(e);
      notification.error({
        title: `${title}: failed`,
        content: () =>
          h('div', { role: 'alert', 'aria-label': `${title}: failed` }, [
            h('p', { style: 'margin: 0' }, shown.message),
            shown.hint ? h('p', { style: 'margin: 4px 0 0; opacity: 0.8' }, shown.hint) : null,
          ]),
        duration: 10000,
        keepAliveOnHover: true,
      });
      return false;
    }
  }

  return {
    kill: (id: number) => act(`Killed broker ${id}`, explain.kill(id), () => faults.kill(id)),
    killTransactionCoordinator: (transactionalId: string) =>
      act(
        `Killed the coordinator of ${transactionalId}`,
        explain.killTransactionCoordinator(transactionalId),
        () => faults.killTransactionCoordinator(transactionalId),
      ),
    stop: (id: number) => act(`Stopping broker ${id}`, explain.stop(id), () => faults.stop(id)),
    start: (id: number) => act(`Starting broker ${id}`, explain.start(id), () => faults.start(id)),
    isolate: (id: number, from: Isolation) =>
      act(`Isolated broker ${id} from ${from}`, explain.isolate(id, from), () => faults.isolate(id, from)),
    delay: (id: number, ms: number) =>
      act(`Delayed broker ${id} by ${ms} ms`, explain.delay(id, ms), () => faults.delay(id, ms)),
    healBroker: (id: number) =>
      act(`Healed broker ${id}`, `Every fault of broker ${id} is gone; it rejoins the cluster.`, () =>
        faults.healBroker(id),
      ),
    heal: (faultId: string, summary: string) =>
      act(`Healed: ${summary}`, 'The fault is gone; the cluster recovers by itself.', () =>
        faults.heal(faultId),
      ),
    healAll: () =>
      act('Healed every fault', 'All brokers run and all links are whole again; the ISR recovers.', () =>
        faults.healAll(),
      ),
  };
}

/**
 * An interruptible sleep for the loops of brokers (heartbeats, follower fetchers): `sleep`
 * resolves after its time, or as soon as someone `ring`s — new work arrived, or the loop stops.
 */
export class Alarm {
  private wake: (() => void) | null = null;

  /** Resolves after `ms` (never, when null) or at the next `ring`, whichever comes first. */
  sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      if (ms !== null) timer = setTimeout(done, Math.max(0, ms));
      this.wake = done;
    });
  }

  ring(): void {
    this.wake?.();
  }
}

/**
 * The end-to-end tests' fixtures: one `brokerlab serve` per worker (the flows use their own
 * topics and groups, so they share a cluster), a real Kafka client (kafkajs) for what users'
 * applications do beside the console, and helpers to open a view and save screenshots in both
 * themes under test-results/screens.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { serve, type Served } from './serve.js';

const screens = new URL('../../test-results/screens/', import.meta.url).pathname;

export interface ConsolePage {
  /** Opens a view by its route, e.g. "/topics/orders/messages?partition=0". */
  open(route: string): Promise<void>;
  /** Follows a link of the left navigation, as a user does (topic names may contain its words). */
  navigate(label: string): Promise<void>;
  /** Saves the page as <name>-light.png and <name>-dark.png. */
  screenshot(name: string): Promise<void>;
}

export const test = base.extend<{ app: ConsolePage }, { brokerlab: Served; kafka: Kafka }>({
  brokerlab: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const served = await serve(3);
      await use(served);
      await served.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  kafka: [
    async ({ brokerlab }, use) => {
      await use(
        new Kafka({
          clientId: 'brokerlab-e2e',
          brokers: brokerlab.bootstrap.split(','),
          logLevel: logLevel.NOTHING,
          retry: { retries: 8, initialRetryTime: 200 },
        }),
      );
    },
    { scope: 'worker' },
  ],
  app: async ({ page, brokerlab }, use) => {
    let opened = false;
    await use({
      async open(route) {
        if (!opened) {
          // The first visit carries the launch token; the page keeps it for the tab.
          await page.goto(`${brokerlab.url}#${route}`);
          opened = true;
        } else {
          await page.goto(`${brokerlab.origin}/#${route}`);
        }
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      },
      async navigate(label) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
      },
      async screenshot(name) {
        mkdirSync(screens, { recursive: true });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await expect(page.locator('html')).toHaveClass(new RegExp(`theme-${scheme}`));
          // The theme change fades colours in; finish the transitions so the picture shows the theme.
          await page.screenshot({ path: join(screens, `${name}-${scheme}.png`), animations: 'disabled' });
        }
        await page.emulateMedia({ colorScheme: 'light' });
      },
    });
  },
});

export { expect, type Page };

/** A fresh topic name per test run, so reruns against one data dir never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** The page never scrolls sideways at 1280×800. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

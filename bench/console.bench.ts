/**
 * The console in Chromium (`npm run bench console`, after `npm run build`): the renderer's bundle
 * size; time to interactive of the console served by `brokerlab serve`; time to show the first
 * page of a topic of one million records; and scrolling the message table through 100,000 rows,
 * counting the main thread's long tasks (> 50 ms) with the Performance API.
 *
 * Goals (issue 7): a console that is interactive quickly, a first page that does not depend on
 * the topic's size, and scrolling with no long task over 50 ms.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import config from '../playwright.config.js';
import { serve } from '../test/e2e/serve.js';

const RECORDS = 1_000_000;
const SCROLL_ROWS = 100_000;
const ROWS_PER_FRAME = 60;
const RUNS = 5;

const root = new URL('..', import.meta.url).pathname;
const assets = join(root, 'dist/renderer/assets');

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;
// tsx compiles this file keeping function names (`__name(fn, "fn")`); functions sent to the page
// carry those calls, so each page gets the same helper as a no-op.
const keepNamesShim = 'globalThis.__name = (fn) => fn;';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function bundleSize(): void {
  const html = readFileSync(join(root, 'dist/renderer/index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+)"/g)].map((m) => m[1]!));
  let total = 0;
  let totalGzip = 0;
  let first = 0;
  let firstGzip = 0;
  for (const file of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(file)) continue;
    const bytes = readFileSync(join(assets, file));
    const gz = gzipSync(bytes).length;
    total += bytes.length;
    totalGzip += gz;
    if (initial.has(file)) {
      first += bytes.length;
      firstGzip += gz;
    }
  }
  const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f)).length;
  console.log(`bundle: ${files} files, ${kb(total)} (${kb(totalGzip)} gzip) in all`);
  console.log(
    `bundle: loaded first (index.html's scripts, styles, preloads): ${kb(first)} (${kb(firstGzip)} gzip)`,
  );
  const largest = readdirSync(assets)
    .map((f) => ({ f, size: statSync(join(assets, f)).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 3);
  console.log(`bundle: largest ${largest.map((l) => `${l.f} ${kb(l.size)}`).join(', ')}`);
}

/** One million small JSON records through kcat (librdkafka), as an application would write them. */
function produceMillion(bootstrap: string, topic: string): Promise<void> {
  const generator = `
    let i = 0; const n = ${RECORDS};
    const more = () => {
      let chunk = '';
      for (let j = 0; j < 10000 && i < n; j++, i++) chunk += '{"id":' + i + ',"status":"new","amount":' + (i % 997) + '}\\n';
      if (i >= n) process.stdout.end(chunk); else if (process.stdout.write(chunk)) setImmediate(more); else process.stdout.once('drain', more);
    };
    more();`;
  const kcat = `kcat -P -q -b ${bootstrap} -t ${topic} -X linger.ms=20 -X batch.num.messages=10000 -X queue.buffering.max.kbytes=262144`;
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `"$NODE" -e "$GENERATOR" | ${kcat}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE: process.execPath, GENERATOR: generator },
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited with ${code}`))));
  });
}

/** Records, in the page, the time a selector first matches (performance.now(), from navigation start). */
function watchFor(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (sel) =>
      new Promise<number>((resolve) => {
        const hit = () => document.querySelector(sel) !== null;
        if (hit()) return resolve(performance.now());
        const observer = new MutationObserver(() => {
          if (!hit()) return;
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(document, { childList: true, subtree: true, characterData: true });
      }),
    selector,
  );
}

async function timeToInteractive(url: string): Promise<void> {
  const browser = await chromium.launch(config.use?.launchOptions);
  const results: { fcp: number; ready: number; longBefore: number }[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // A fresh context each run: nothing cached, as on a first open.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(keepNamesShim);
      await page.addInitScript(() => {
        const w = window as unknown as { longTasks: number[] };
        w.longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(url, { waitUntil: 'commit' });
      // Interactive: the overview shows the cluster's figures, drawn from the first snapshot.
      const ready = await watchFor(page, '[aria-label="Brokers up"] .value');
      const { fcp, longBefore } = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        longBefore: (window as unknown as { longTasks: number[] }).longTasks.length,
      }));
      results.push({ fcp, ready, longBefore });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(
    `time to interactive (overview with the cluster's figures, cold, median of ${RUNS}): ${ms(median(results.map((r) => r.ready)))}` +
      ` · first contentful paint ${ms(median(results.map((r) => r.fcp)))}` +
      ` · long tasks before ready ${results.map((r) => r.longBefore).join('/')}`,
  );
}

async function firstPageAndScroll(url: string, origin: string, topic: string): Promise<void> {
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(keepNamesShim);
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    for (const order of ['oldest-first', 'newest-first'] as const) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await page.goto(`${origin}/#/overview`);
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
        const start = await page.evaluate(() => performance.now());
        const shown = watchFor(page, '[role="grid"][aria-label="Records"] .body [role="row"]');
        await page.evaluate(
          ({ t, o }) =>
            (location.hash = `#/topics/${t}/messages${o === 'newest-first' ? '?order=newest&from=newest' : ''}`),
          { t: topic, o: order },
        );
        times.push((await shown) - start);
      }
      console.log(
        `first page of a ${RECORDS.toLocaleString('en-US')}-record topic, ${order} (median of ${RUNS}): ${ms(median(times))}`,
      );
    }

    await page.goto(`${origin}/#/topics/${topic}/messages`);
    const grid = page.getByRole('grid', { name: 'Records' });
    await grid.locator('.body [role="row"]').first().waitFor();
    const figures = await grid.evaluate(
      (el, { rows, perFrame }) =>
        new Promise<{
          frames: number;
          seconds: number;
          longTasks: number[];
          worstFrame: number;
          loaded: number;
        }>((resolve) => {
          const longTasks: number[] = [];
          const observer = new PerformanceObserver((list) => {
            for (const e of list.getEntries()) longTasks.push(e.duration);
          });
          observer.observe({ type: 'longtask' });
          const rowHeight = 28;
          const started = performance.now();
          let last = started;
          let worstFrame = 0;
          let frames = 0;
          const step = (now: number) => {
            worstFrame = Math.max(worstFrame, now - last);
            last = now;
            frames++;
            // Scroll like a fast wheel; where the loaded rows end, the table fetches the next page.
            el.scrollTop = Math.min(el.scrollTop + perFrame * rowHeight, el.scrollHeight);
            const reached = Math.floor(el.scrollTop / rowHeight);
            if (reached < rows) return void requestAnimationFrame(step);
            observer.disconnect();
            resolve({
              frames,
              seconds: (now - started) / 1000,
              longTasks,
              worstFrame,
              loaded: Number(el.getAttribute('aria-rowcount')) - 1,
            });
          };
          requestAnimationFrame(step);
        }),
      { rows: SCROLL_ROWS, perFrame: ROWS_PER_FRAME },
    );
    const over50 = figures.longTasks.filter((d) => d > 50);
    console.log(
      `scrolling ${SCROLL_ROWS.toLocaleString('en-US')} rows (${ROWS_PER_FRAME} rows a frame, pages loaded as needed): ` +
        `${figures.seconds.toFixed(1)} s, ${figures.frames} frames, ${figures.loaded.toLocaleString('en-US')} rows loaded; ` +
        `long tasks > 50 ms: ${over50.length}${over50.length ? ` (longest ${ms(Math.max(...over50))})` : ''}; ` +
        `longest frame ${ms(figures.worstFrame)}`,
    );
  } finally {
    await browser.close();
  }
}

bundleSize();
const served = await serve(3);
try {
  await timeToInteractive(served.url);
  const topic = 'bench-million';
  const admin = new Kafka({ brokers: served.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 3 }],
    waitForLeaders: true,
  });
  const started = Date.now();
  await produceMillion(served.bootstrap, topic);
  const seconds = (Date.now() - started) / 1000;
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const held = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  console.log(
    `(${held.toLocaleString('en-US')} records in the topic, produced with kcat in ${seconds.toFixed(1)} s)`,
  );
  await firstPageAndScroll(served.url, served.origin, topic);
} finally {
  await served.stop();
}

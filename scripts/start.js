#!/usr/bin/env node
// `npm start`: builds what is out of date, then opens the desktop app. Where Electron cannot
// start (no display, or no Electron binary — it is never downloaded here), it says why in one
// line and runs `brokerlab serve` instead, which prints the console's URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`brokerlab: \`${command} ${args.join(' ')}\` failed; fix the build first`);
    process.exit(result.status ?? 1);
  }
}

/** Newest modification time of the files under dir (skipping node_modules). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

// TypeScript builds incrementally: a no-op when nothing changed. The app needs the shell and
// what it references (host, engine), not the tests.
run('npx', ['tsc', '-b', 'electron']);
const renderer = join(root, 'renderer');
const builtPage = join(root, 'dist', 'renderer', 'index.html');
if (existsSync(join(renderer, 'vite.config.ts'))) {
  const stale = !existsSync(builtPage) || newest(renderer) > statSync(builtPage).mtimeMs;
  if (stale) run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts']);
}

/** Why Electron cannot start here, or null when it can. */
function whyNoElectron() {
  let binary;
  try {
    binary = require('electron');
  } catch {
    return 'its binary is not installed';
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return 'its binary is not installed';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no display';
  return null;
}

const reason = whyNoElectron();
const child = reason
  ? (console.error(
      `brokerlab: the desktop app cannot start (${reason}); serving the console in the browser instead`,
    ),
    spawn(process.execPath, [join(root, 'bin', 'brokerlab.js'), 'serve', ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
    }))
  : spawn(require('electron'), [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });

// Ctrl-C reaches the child from the terminal already; wait for it to stop. Pass SIGTERM on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));

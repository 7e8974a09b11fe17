/**
 * The window's size and position, remembered across launches in the app's settings folder, and
 * restored only where a display still shows it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, screen, type BrowserWindow, type Rectangle } from 'electron';
import { z } from 'zod';

const stateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof stateSchema>;

const DEFAULT_SIZE = { width: 1440, height: 900 };
const file = (): string => join(app.getPath('userData'), 'window-state.json');

export function loadWindowState(): Partial<WindowState> {
  try {
    const state = stateSchema.parse(JSON.parse(readFileSync(file(), 'utf8')));
    return isVisible(state)
      ? state
      : { width: state.width, height: state.height, maximized: state.maximized };
  } catch {
    return DEFAULT_SIZE;
  }
}

/** Saves the window's normal bounds (not the maximized ones) when it closes. */
export function rememberWindowState(window: BrowserWindow): void {
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: window.isMaximized() };
    try {
      writeFileSync(file(), JSON.stringify(state));
    } catch {
      // Not being able to remember the size is no reason to fail closing.
    }
  });
}

function isVisible(bounds: Rectangle): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) => {
    const overlapX = Math.min(a.x + a.width, bounds.x + bounds.width) - Math.max(a.x, bounds.x);
    const overlapY = Math.min(a.y + a.height, bounds.y + bounds.height) - Math.max(a.y, bounds.y);
    return overlapX >= 100 && overlapY >= 100;
  });
}

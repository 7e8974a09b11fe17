/**
 * One terminal's screen: an xterm.js Terminal with the fit and search add-ons. It outlives the
 * Terminal view (the store keeps it), so switching views and coming back finds the scrollback as
 * it was: the view lends it a container and takes it back when it unmounts.
 *
 * Copy and paste: Ctrl+Shift+C copies the selection (Ctrl+C stays the shell's interrupt), and
 * Ctrl+Shift+V / Ctrl+V paste through the browser's own paste event, which xterm.js turns into
 * input (bracketed when the shell asked for it).
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal, type ITheme } from '@xterm/xterm';

const dark: ITheme = {
  background: '#16181d',
  foreground: '#e3e6eb',
  cursor: '#6c9cff',
  cursorAccent: '#16181d',
  selectionBackground: '#263656',
};

// The default ANSI colours are made for dark backgrounds; these stay readable on white.
const light: ITheme = {
  background: '#ffffff',
  foreground: '#1f2329',
  cursor: '#2f6bdf',
  cursorAccent: '#ffffff',
  selectionBackground: '#cfe0fc',
  black: '#1f2329',
  red: '#c62828',
  green: '#18794e',
  yellow: '#8a5a00',
  blue: '#1d5fc2',
  magenta: '#7b3fa0',
  cyan: '#0b7285',
  white: '#8a919c',
  brightBlack: '#5b6370',
  brightRed: '#d9383a',
  brightGreen: '#18864b',
  brightYellow: '#b25e00',
  brightBlue: '#2f6bdf',
  brightMagenta: '#9c4fc8',
  brightCyan: '#1098ad',
  brightWhite: '#5b6370',
};

export class TerminalScreen {
  private readonly terminal: Terminal;
  private readonly fitAddon = new FitAddon();
  private readonly search = new SearchAddon();
  private opened = false;

  constructor(
    darkTheme: boolean,
    /** The accessible name of the screen's input, e.g. "Terminal 1". */
    private label: string,
  ) {
    this.terminal = new Terminal({
      scrollback: 10_000,
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 13,
      theme: darkTheme ? dark : light,
    });
    this.terminal.loadAddon(this.fitAddon);
    this.terminal.loadAddon(this.search);
    this.terminal.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      if (e.code === 'KeyC') {
        void this.copySelection();
        return false;
      }
      // Let the browser paste: xterm.js reads the paste event, not the key.
      return e.code !== 'KeyV';
    });
  }

  /** Shows the screen in `container` (moving it there if it was shown elsewhere before). */
  mount(container: HTMLElement): void {
    if (!this.opened) {
      this.terminal.open(container);
      this.opened = true;
      this.terminal.textarea?.setAttribute('aria-label', this.label);
    } else if (this.terminal.element && this.terminal.element.parentElement !== container) {
      container.appendChild(this.terminal.element);
    }
  }

  /** Fits the screen to its container; the size in characters, or null while it is hidden. */
  fit(): { cols: number; rows: number } | null {
    if (!this.opened || !this.terminal.element?.isConnected) return null;
    const size = this.fitAddon.proposeDimensions();
    if (!size || !Number.isFinite(size.cols) || !Number.isFinite(size.rows)) return null;
    this.fitAddon.fit();
    return { cols: this.terminal.cols, rows: this.terminal.rows };
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.terminal.cols, rows: this.terminal.rows };
  }

  /** Writes output; `drawn` runs once xterm.js has processed it. */
  write(data: string, drawn?: () => void): void {
    this.terminal.write(data, drawn);
  }

  /** Keystrokes and pastes, to send to the shell. */
  onInput(listener: (data: string) => void): void {
    this.terminal.onData(listener);
  }

  setDark(darkTheme: boolean): void {
    this.terminal.options.theme = darkTheme ? dark : light;
  }

  setLabel(label: string): void {
    this.label = label;
    this.terminal.textarea?.setAttribute('aria-label', label);
  }

  /** Selects the next (or previous) match; `asYouType` keeps growing the current match instead. */
  find(text: string, backwards = false, asYouType = false): boolean {
    if (!text) {
      this.search.clearDecorations();
      this.terminal.clearSelection();
      return false;
    }
    return backwards
      ? this.search.findPrevious(text)
      : this.search.findNext(text, { incremental: asYouType });
  }

  hasSelection(): boolean {
    return this.terminal.hasSelection();
  }

  async copySelection(): Promise<void> {
    const text = this.terminal.getSelection();
    if (text) await navigator.clipboard.writeText(text);
  }

  paste(text: string): void {
    this.terminal.paste(text);
  }

  focus(): void {
    this.terminal.focus();
  }

  dispose(): void {
    this.terminal.dispose();
  }
}

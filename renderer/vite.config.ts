import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The console is a static bundle: dist/renderer, loaded from file:// in Electron and served by
// `brokerlab serve` in a browser, so every asset URL is relative (base './').
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [vue()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
});

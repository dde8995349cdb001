import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

/**
 * Builds the three Electron parts into out/: main (ESM, Node), preload (CommonJS, so it runs
 * in a sandboxed renderer) and the renderer (served to a browser by the web preview host too).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react()],
    build: {
      // KIOSK_OUT_DIR: a second build beside the usual one (parallel e2e runs on one checkout).
      outDir: process.env.KIOSK_OUT_DIR ? resolve(process.env.KIOSK_OUT_DIR, 'renderer') : resolve(import.meta.dirname, 'out/renderer'),
      chunkSizeWarningLimit: 2500,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});

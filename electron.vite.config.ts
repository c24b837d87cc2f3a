import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One build for every entry point: the Electron main process, the CLI and the web shell share the Node
 * bundle (out/main); workers are pulled in with `?modulePath`; the preload is CommonJS because sandboxed
 * preloads cannot be ES modules; the renderer is a plain web bundle.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          cli: resolve('src-main/cli.ts'),
          'web-shell': resolve('src-main/web-shell-main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    // Relative asset URLs: the same files are served from app://relivchats/ and by the web shell.
    base: './',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // The web shell's `window.api` client is its own entry, at a fixed name the shell injects.
      rollupOptions: {
        input: {
          index: resolve('src-renderer/index.html'),
          'web-shell-client': resolve('src-renderer/web-shell-client.ts'),
        },
        output: {
          entryFileNames: (chunk) =>
            chunk.name === 'web-shell-client' ? 'web-shell-client.js' : 'assets/[name]-[hash].js',
        },
      },
    },
  },
});

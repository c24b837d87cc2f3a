import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * One build for every entry point: the Electron main process, the CLI and the web shell share the Node
 * bundle (out/main); workers are pulled in with `?modulePath`; the preload is CommonJS because sandboxed
 * preloads cannot be ES modules; the renderer is a plain web bundle.
 */
/**
 * RELIVCHATS_BUILD_TEST_SIGN_IN=1 compiles in the test-only sign-in (src-shared/api/account.ts,
 * TEST_SIGN_IN_BUILD); without it (every normal build) the bundles carry no trace of it. Such a build
 * goes to RELIVCHATS_OUT_DIR (the account e2e test uses out-test/), never over out/.
 */
const testSignIn = process.env.RELIVCHATS_BUILD_TEST_SIGN_IN === '1';
const out = process.env.RELIVCHATS_OUT_DIR ?? 'out';
const define = { __RELIVCHATS_TEST_SIGN_IN__: JSON.stringify(testSignIn) };

export default defineConfig({
  main: {
    define,
    build: {
      outDir: `${out}/main`,
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
    define,
    build: {
      outDir: `${out}/preload`,
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
    define,
    build: {
      outDir: `${out}/renderer`,
      // electron-vite leaves every bundle readable; the renderer's is worth shrinking (parse time at start).
      minify: true,
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

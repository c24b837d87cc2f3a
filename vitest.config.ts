import { defineConfig, type Plugin } from 'vitest/config';

/**
 * In the build, `import path from './x?modulePath'` gives a built worker file (electron-vite). Under vitest
 * it gives the TypeScript source; worker code starts such a file with tsx (see src-main/workers.ts).
 */
function modulePathAsSource(): Plugin {
  return {
    name: 'module-path-as-source',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (!id.endsWith('?modulePath')) return null;
      const resolved = await this.resolve(id.slice(0, -'?modulePath'.length), importer, { skipSelf: true });
      return resolved ? `\0module-path:${resolved.id}` : null;
    },
    load(id) {
      if (!id.startsWith('\0module-path:')) return null;
      return `export default ${JSON.stringify(id.slice('\0module-path:'.length))};`;
    },
  };
}

export default defineConfig({
  plugins: [modulePathAsSource()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

// Node module hooks for running the sources with tsx (CLI tests, benches): `import p from './x?modulePath'`
// gives the file's path, as electron-vite does in the build and the vitest plugin does under tests.
import { fileURLToPath } from 'node:url';

const SUFFIX = '?modulePath';
const PREFIX = 'module-path:';

export async function resolve(specifier, context, next) {
  if (!specifier.endsWith(SUFFIX)) return next(specifier, context);
  const target = await next(specifier.slice(0, -SUFFIX.length), context);
  return { url: PREFIX + target.url, shortCircuit: true };
}

export async function load(url, context, next) {
  if (!url.startsWith(PREFIX)) return next(url, context);
  const path = fileURLToPath(url.slice(PREFIX.length));
  return { format: 'module', source: `export default ${JSON.stringify(path)};`, shortCircuit: true };
}

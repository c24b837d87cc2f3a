// `node --import tsx --import ./scripts/module-path.mjs file.ts`: see module-path-hooks.mjs.
import { register } from 'node:module';

register('./module-path-hooks.mjs', import.meta.url);

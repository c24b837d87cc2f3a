// Development only: starts a TypeScript worker (tests run from sources; Node 20 cannot load a .ts worker and
// `--import tsx` does not reach worker threads). Registers tsx, then loads the real entry; its default export
// is passed on so piscina can use it too.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const entry = await import(workerData.__tsEntry);
export default entry.default;

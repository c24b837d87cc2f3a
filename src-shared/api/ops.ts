import { z } from 'zod';
import { endpoint, returns } from './endpoint';

/** Long operations (import, indexing, insights) take a client-chosen `opId`; this cancels one. */
export const opsApi = {
  'ops-cancel': endpoint(z.object({ opId: z.string().min(1) }), returns<{ cancelled: boolean }>()),
};

/** Insights: the catalog, the "what will be sent" preview, unlocking, progress, retry and export. */
import { z } from 'zod';
import { CATEGORY_IDS } from '../insights/catalog';
import {
  PAYMENT_MODES,
  type CatalogCategory,
  type InsightProgress,
  type JobView,
  type Preview,
} from '../insights/types';
import { endpoint, returns } from './endpoint';
import { ChatId } from './library';

export * from '../insights/types';

const Category = z.enum(CATEGORY_IDS);
const OpId = z.string().min(1).max(100);

export const insightsApi = {
  'insights-catalog': endpoint(z.object({}), returns<{ categories: CatalogCategory[] }>()),
  /** Builds (or returns) the draft for a chat and category: the exact pseudonymised text of each insight. */
  'insights-preview': endpoint(
    z.object({ chatId: ChatId, category: Category, refresh: z.boolean().default(false) }),
    returns<Preview>(),
  ),
  /**
   * Unlocks a category: pays (credits: reserve; own key: nothing), then generates six insights in parallel.
   * Resolves when the job has started; 'insight-progress' events follow, and `insights-status` any time.
   */
  'insights-unlock': endpoint(
    z.object({
      chatId: ChatId,
      category: Category,
      payment: z.enum(PAYMENT_MODES),
      /** The previewed draft to send; without it the contexts are built now. */
      jobId: z.number().int().positive().optional(),
      opId: OpId.optional(),
    }),
    returns<JobView>(),
  ),
  'insights-status': endpoint(z.object({ jobId: z.number().int().positive() }), returns<JobView>()),
  /** Jobs of a chat, newest first (the latest per category is what the page shows). */
  'insights-list': endpoint(z.object({ chatId: ChatId }), returns<{ jobs: JobView[] }>()),
  /** Runs the failed insights of a finished job again (credits: a new reservation, charged only for new successes). */
  'insights-retry': endpoint(
    z.object({ jobId: z.number().int().positive(), opId: OpId.optional() }),
    returns<JobView>(),
  ),
  'insights-cancel': endpoint(z.object({ jobId: z.number().int().positive() }), returns<JobView>()),
  'insights-export': endpoint(
    z.object({ jobId: z.number().int().positive() }),
    returns<{ fileName: string; markdown: string }>(),
  ),
};

export interface InsightsEvents {
  'insight-progress': InsightProgress;
}

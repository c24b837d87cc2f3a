/** What the insights domain returns and pushes: shared by the backend, the UI and the CLI. */
import type { InsightCategory } from './catalog';
import type { RendererId } from './schemas';

export const PAYMENT_MODES = ['own-key', 'credits'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

export type InsightStatus = 'pending' | 'running' | 'completed' | 'failed';
/** 'draft': previewed, not unlocked; 'partial': finished with some insights failed. */
export type JobStatus = 'draft' | 'running' | 'completed' | 'partial' | 'failed' | 'cancelled';

/** A quote as stored: what the model cited, checked against the message and restored to the original text. */
export interface EvidenceView {
  messageId: number;
  /** The quoted words as written in the chat (names and contact details restored). */
  quote: string;
  /** Position of the message in its chat, for opening it in the Messages view. */
  seq: number;
  at: string;
  author: string | null;
}

/** A result schema's type as stored: every evidence item is an EvidenceView. */
export type Stored<T> = T extends { evidence: unknown[] }
  ? Omit<{ [K in keyof T]: Stored<T[K]> }, 'evidence'> & { evidence: EvidenceView[] }
  : T extends (infer U)[]
    ? Stored<U>[]
    : T extends object
      ? { [K in keyof T]: Stored<T[K]> }
      : T;

export interface InsightView {
  id: number;
  type: string;
  title: string;
  renderer: RendererId;
  status: InsightStatus;
  attempts: number;
  promptTokens: number;
  outputTokens: number;
  /** Milliseconds of the last model call. */
  latencyMs: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** The validated result (its shape is RESULT_SCHEMAS[renderer]; evidence items are EvidenceView). */
  result: unknown;
  error: { code: string; message: string } | null;
  /** Paid for by a settlement (credits): retrying it never charges again. */
  paid: boolean;
  cost: number;
}

export interface Settlement {
  run: number;
  reservationId: string;
  succeeded: number;
  total: number;
  captured: number;
  released: number;
  at: number;
}

export interface JobView {
  id: number;
  chatId: number;
  category: string;
  payment: PaymentMode;
  status: JobStatus;
  run: number;
  model: string;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  settlements: Settlement[];
  insights: InsightView[];
}

export interface PreviewInsight {
  type: string;
  title: string;
  /** Exactly the text that will be sent for this insight (after the shared instructions). */
  text: string;
  /** The shared instructions sent with every insight. */
  instructions: string;
  messages: number;
  tokens: number;
}

export interface Preview {
  /** The draft job holding these contexts: unlocking it sends exactly this. */
  jobId: number;
  chatId: number;
  category: string;
  /** Who is who, shown locally only. */
  legend: { pseudonym: string; name: string }[];
  insights: PreviewInsight[];
  tokens: number;
  /** How the excerpts were chosen: 'semantic' (the chat's embeddings) or 'lexical' (full-text, without Gemini). */
  retrieval: 'semantic' | 'lexical';
}

export type CatalogCategory = InsightCategory;

export interface InsightProgress {
  jobId: number;
  chatId: number;
  category: string;
  /** The insight that changed (absent for job-level events such as paying or settling). */
  insightId?: number;
  type?: string;
  status?: InsightStatus;
  attempt?: number;
  /** What is happening now, e.g. 'retrying after a rate limit'. */
  phase: 'paying' | 'context' | 'generating' | 'retrying' | 'done' | 'settling' | 'finished';
  jobStatus: JobStatus;
  completed: number;
  failed: number;
  total: number;
  /** Estimated milliseconds until the job finishes (from measured model latency); null when unknown. */
  etaMs: number | null;
}

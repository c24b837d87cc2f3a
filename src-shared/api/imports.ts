import { z } from 'zod';
import { DATE_ORDERS, type DateOrder } from '../messages';
import { endpoint, returns } from './endpoint';

export const ImportSource = z.discriminatedUnion('kind', [
  /** A file on this computer (Electron: `webUtils.getPathForFile`; CLI). */
  z.object({ kind: z.literal('path'), path: z.string().min(1) }),
  /** Bytes the web shell received through its upload endpoint. */
  z.object({ kind: z.literal('upload'), uploadId: z.string().min(1), fileName: z.string().min(1) }),
]);
export type ImportSource = z.infer<typeof ImportSource>;

export interface ImportWarning {
  code: 'ambiguous-date-order' | 'unparsed-lines' | 'out-of-order' | 'missing-media' | 'other';
  message: string;
  details?: Record<string, unknown>;
}

export interface ImportResult {
  chatId: number;
  title: string;
  /** Messages in the chat after the import. */
  messages: number;
  messagesInFile: number;
  messagesAdded: number;
  participants: string[];
  firstAt: string | null;
  lastAt: string | null;
  platform: 'android' | 'ios';
  dateOrder: DateOrder;
  /** 'created' a new chat, 'updated' an existing one with newer messages, 'unchanged' nothing new. */
  outcome: 'created' | 'updated' | 'unchanged';
  linesUnparsed: number;
  mediaFiles: number;
  warnings: ImportWarning[];
  durationMs: number;
}

export const importsApi = {
  'chats-import': endpoint(
    z.object({
      source: ImportSource,
      dateOrder: z.enum(DATE_ORDERS).optional(),
      /** Replace this chat instead of adding to the library (e.g. re-import in the other date order). */
      replaceChatId: z.number().int().positive().optional(),
      /** Client-chosen id: progress events carry it and `ops-cancel` takes it. */
      opId: z.string().min(1).max(100),
    }),
    returns<ImportResult>(),
  ),
};

export interface ImportProgress {
  opId: string;
  phase: 'reading' | 'scanning' | 'parsing' | 'storing' | 'statistics' | 'done';
  bytesRead: number;
  bytesTotal: number;
  messages: number;
}

export interface ImportsEvents {
  'import-progress': ImportProgress;
}

/**
 * Every import the user started, wherever they are in the app: files dropped or picked (through the door,
 * `files-received` / `files-pick`) become `chats-import` operations whose progress events update the tray.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ImportProgress, ImportResult, ImportSource } from '../../../src-shared/api/imports';
import type { DateOrder } from '../../../src-shared/messages';
import { call, toApiError, useApiEvent, type ApiError } from '../lib/api';

export interface ImportJob {
  opId: string;
  fileName: string;
  source: ImportSource;
  replaceChatId?: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  progress: ImportProgress | null;
  result?: ImportResult;
  error?: ApiError;
  cancelling?: boolean;
}

interface ImportsApi {
  jobs: ImportJob[];
  start(source: ImportSource, options?: { dateOrder?: DateOrder; replaceChatId?: number }): void;
  cancel(opId: string): void;
  dismiss(opId: string): void;
  /** Opens the door's file picker and imports what the user chose. */
  pick(): void;
  /** A problem with files that never became imports (dropped folders, uploads refused). */
  notice: string | null;
  clearNotice(): void;
}

const ImportsContext = createContext<ImportsApi | null>(null);

export function useImports(): ImportsApi {
  const value = useContext(ImportsContext);
  if (!value) throw new Error('useImports outside ImportsProvider');
  return value;
}

const fileNameOf = (source: ImportSource) =>
  source.kind === 'upload' ? source.fileName : (source.path.split(/[\\/]/).pop() ?? source.path);

const newOpId = () => `import-${crypto.randomUUID()}`;

export function ImportsProvider({ children }: { children: ReactNode }) {
  const [jobs, setJobs] = useState<ImportJob[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  const update = useCallback((opId: string, change: Partial<ImportJob>) => {
    setJobs((all) => all.map((j) => (j.opId === opId ? { ...j, ...change } : j)));
  }, []);

  const start = useCallback<ImportsApi['start']>(
    (source, options = {}) => {
      const opId = newOpId();
      const job: ImportJob = {
        opId,
        fileName: fileNameOf(source),
        source,
        status: 'running',
        progress: null,
        ...(options.replaceChatId ? { replaceChatId: options.replaceChatId } : {}),
      };
      // A re-import replaces the card of the import it corrects.
      setJobs((all) => [
        ...all.filter((j) => !(options.replaceChatId && j.result?.chatId === options.replaceChatId)),
        job,
      ]);
      call('chats-import', { source, opId, ...options }).then(
        (result) => update(opId, { status: 'done', result }),
        (error: unknown) => {
          const e = toApiError(error);
          update(opId, { status: e.code === 'cancelled' ? 'cancelled' : 'failed', error: e });
        },
      );
    },
    [update],
  );

  const cancel = useCallback(
    (opId: string) => {
      update(opId, { cancelling: true });
      void call('ops-cancel', { opId }).catch(() => {});
    },
    [update],
  );

  const dismiss = useCallback((opId: string) => setJobs((all) => all.filter((j) => j.opId !== opId)), []);

  const pick = useCallback(() => {
    call('files-pick', {}).then(
      ({ sources }) => sources.forEach((s) => start(s)),
      (error: unknown) => setNotice(toApiError(error).message),
    );
  }, [start]);

  useApiEvent('import-progress', (progress) => {
    setJobs((all) =>
      all.map((j) => (j.opId === progress.opId && j.status === 'running' ? { ...j, progress } : j)),
    );
  });
  useApiEvent('files-received', ({ sources }) => sources.forEach((s) => start(s)));
  useApiEvent('files-rejected', ({ message }) => setNotice(message));

  const value = useMemo(
    () => ({ jobs, start, cancel, dismiss, pick, notice, clearNotice: () => setNotice(null) }),
    [jobs, start, cancel, dismiss, pick, notice],
  );
  return <ImportsContext.Provider value={value}>{children}</ImportsContext.Provider>;
}

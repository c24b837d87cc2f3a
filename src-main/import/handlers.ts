import type { importsApi } from '../../src-shared/api/imports';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { HandlerMap } from '../handler-map';
import type { ImportOptions } from './pipeline';

/** Resolves where the export's bytes are: a path, or a file the web shell received. */
function sourcePath(
  source: { kind: 'path'; path: string } | { kind: 'upload'; uploadId: string; fileName: string },
  ctx: AppContext,
) {
  if (source.kind === 'path') return { path: source.path };
  const path = ctx.uploads.get(source.uploadId);
  if (!path) throw new AppError('upload-not-found', 'That upload is gone; drop the file again.');
  return { path, fileName: source.fileName };
}

export const importsHandlers: HandlerMap<keyof typeof importsApi> = {
  'chats-import': async ({ source, dateOrder, replaceChatId, opId }, ctx) =>
    ctx.ops.run(opId, async (signal) => {
      const options: ImportOptions = {
        ...sourcePath(source, ctx),
        ...(dateOrder ? { dateOrder } : {}),
        ...(replaceChatId ? { replaceChatId } : {}),
        signal,
        onProgress: (p) => ctx.emit('import-progress', { opId, ...p }),
      };
      const result = await ctx.runImport(options);
      if (result.outcome !== 'unchanged' || replaceChatId) {
        ctx.emit('library-changed', { chatId: result.chatId, change: 'imported' });
      }
      return result;
    }),
};

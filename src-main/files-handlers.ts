import type { filesApi } from '../src-shared/api/files';
import { AppError } from './errors';
import type { HandlerMap } from './handler-map';

export const filesHandlers: HandlerMap<keyof typeof filesApi> = {
  // Electron provides ctx.pickFiles (a native dialog); the web shell's client answers this itself in the
  // browser (a file input and an upload), so here it only arrives from doors without a picker.
  'files-pick': async (_args, ctx) => {
    if (!ctx.pickFiles)
      throw new AppError('not-supported', 'Choosing files needs the desktop app or the web shell.');
    return { sources: (await ctx.pickFiles()).map((path) => ({ kind: 'path' as const, path })) };
  },
};

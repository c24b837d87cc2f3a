import { z } from 'zod';
import { endpoint, returns } from './endpoint';
import type { ImportSource } from './imports';

/**
 * Getting export files from the user. The door turns what the user chose into import sources: Electron
 * into paths (native dialog, `webUtils.getPathForFile` for drops), the web shell into uploads (a file input
 * and an upload endpoint). The UI never sees a File object's bytes or the difference.
 */
export const filesApi = {
  /** Asks the user for export files (.txt/.zip); an empty list when they cancel. */
  'files-pick': endpoint(z.object({}), returns<{ sources: ImportSource[] }>()),
};

export interface FilesEvents {
  /** Files dropped onto the window or chosen with File > Import…, ready to import. */
  'files-received': { sources: ImportSource[]; via: 'drop' | 'menu' };
  /** Files the door could not take (e.g. too large for the web shell, or a folder). */
  'files-rejected': { message: string };
}

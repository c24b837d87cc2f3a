/**
 * Media of imported zips, read on demand from the zip the chat was imported from (nothing is copied into the
 * library). Both doors that show the UI serve them at `media/<mediaFileId>`.
 */
import type { Readable } from 'node:stream';
import type { Library } from './db/open';
import { AppError } from './errors';
import { openZipEntry } from './import/export-file';

export interface MediaStream {
  stream: Readable;
  size: number;
  mime: string;
  fileName: string;
}

/** The media file's bytes, or AppError('media-missing') when the zip has gone or no longer holds it. */
export async function openMedia(library: Library, mediaFileId: number): Promise<MediaStream> {
  const row = library.sqlite
    .prepare(
      `SELECT f.entry_name AS entryName, f.mime, i.file_path AS filePath
       FROM media_files f JOIN imports i ON i.id = f.import_id WHERE f.id = ?`,
    )
    .get(mediaFileId) as { entryName: string; mime: string; filePath: string | null } | undefined;
  if (!row) throw new AppError('media-missing', `There is no media file ${mediaFileId}.`);
  if (!row.filePath) throw new AppError('media-missing', `${row.entryName} was not kept.`);
  try {
    const { stream, size } = await openZipEntry(row.filePath, row.entryName);
    return { stream, size, mime: row.mime, fileName: row.entryName.split('/').pop() ?? row.entryName };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'media-missing',
      `${row.entryName} cannot be read: the export it came from was moved or deleted.`,
    );
  }
}

/** Headers for serving a media file: never sniffed, never run as our page (a chat may hold HTML or SVG). */
export function mediaHeaders(media: MediaStream): Record<string, string> {
  return {
    'content-type': media.mime,
    'content-length': String(media.size),
    'cache-control': 'private, max-age=3600',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(media.fileName)}`,
  };
}

/** Parses `media/<id>` (the path part after the origin); null for anything else. */
export function mediaIdFromPath(pathname: string): number | null {
  const m = /^\/media\/([1-9]\d{0,15})$/.exec(pathname);
  return m ? Number(m[1]) : null;
}

/**
 * Files the web shell receives: streamed to `<dataDir>/uploads`, registered in `ctx.uploads` for
 * `chats-import` (`source: { kind: 'upload' }`). An uploaded zip stays as long as an import refers to it
 * (its media are read from it on demand, like a zip on disk in the desktop app); everything else is
 * removed once it is no longer needed: after an hour, when the shell stops, or when it starts again.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const uploadsDir = (dataDir: string) => join(dataDir, 'uploads');

/** A file name as the user saw it, safe to show (no path, no control characters). */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned.slice(0, 255) || 'export';
}

/** Streams one upload to disk; refuses more than `maxBytes` (the partial file is removed). */
export async function receiveUpload(
  ctx: Pick<AppContext, 'dataDir' | 'uploads'>,
  body: Readable,
  options: { fileName: string; declaredBytes: number | null; maxBytes: number },
): Promise<{ uploadId: string; fileName: string; bytes: number }> {
  const fileName = cleanFileName(options.fileName);
  const ext = extname(fileName).toLowerCase();
  if (ext !== '.txt' && ext !== '.zip') {
    throw new AppError(
      'not-whatsapp',
      `${fileName} is not a WhatsApp export: choose the .zip or .txt file WhatsApp made.`,
    );
  }
  const tooLarge = () =>
    new AppError(
      'upload-too-large',
      `${fileName} is larger than ${Math.round(options.maxBytes / 2 ** 20)} MB, the web shell's limit (start it with --max-upload-mb to raise it).`,
    );
  if (options.declaredBytes !== null && options.declaredBytes > options.maxBytes) throw tooLarge();
  const dir = uploadsDir(ctx.dataDir);
  mkdirSync(dir, { recursive: true });
  const uploadId = randomUUID();
  const path = join(dir, `${uploadId}${ext}`);
  let bytes = 0;
  try {
    await pipeline(
      body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          if (bytes > options.maxBytes) throw tooLarge();
          yield chunk;
        }
      },
      createWriteStream(path, { mode: 0o600 }),
    );
  } catch (error) {
    rmSync(path, { force: true });
    if (error instanceof AppError) throw error;
    throw new AppError('upload-failed', `${fileName} did not arrive completely; try again.`);
  }
  if (bytes === 0) {
    rmSync(path, { force: true });
    throw new AppError('empty-file', `${fileName} is empty: it is not a WhatsApp chat export.`);
  }
  ctx.uploads.set(uploadId, path);
  return { uploadId, fileName, bytes };
}

/**
 * Removes uploads no import refers to, that are older than `olderThanMs` (0: all of them), and forgets
 * their ids. Returns how many files were removed.
 */
export function sweepUploads(
  ctx: Pick<AppContext, 'dataDir' | 'uploads' | 'library'>,
  olderThanMs: number,
  now = Date.now(),
): number {
  const dir = uploadsDir(ctx.dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const referenced = new Set(
    ctx.library.sqlite
      .prepare('SELECT DISTINCT file_path FROM imports WHERE file_path IS NOT NULL')
      .pluck()
      .all() as string[],
  );
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    if (referenced.has(path)) continue;
    let mtime: number;
    try {
      mtime = statSync(path).mtimeMs;
    } catch {
      continue;
    }
    if (olderThanMs > 0 && now - mtime < olderThanMs) continue;
    rmSync(path, { force: true });
    removed += 1;
    for (const [id, p] of ctx.uploads) if (p === path) ctx.uploads.delete(id);
  }
  return removed;
}

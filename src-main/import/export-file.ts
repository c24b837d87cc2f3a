/**
 * Opens an export as it was saved: a `.txt`, or a `.zip` holding the chat text and media. Media are only
 * listed (name, size, type); the chat text is streamed, and can be streamed again for a second pass.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { lookup as mimeLookup } from 'mime-types';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { MediaType } from '../../src-shared/messages';
import { AppError } from '../errors';

export interface MediaEntry {
  entryName: string;
  size: number;
  mime: string;
  mediaType: MediaType;
}

export interface ExportFile {
  /** The name of the file the user chose (not the zip entry). */
  fileName: string;
  kind: 'txt' | 'zip';
  /** Size of the file on disk. */
  fileSize: number;
  /** Name of the chat text inside a zip (its own name for a `.txt`). */
  textName: string;
  /** Size of the chat text in bytes (uncompressed). */
  textSize: number;
  media: MediaEntry[];
  /** A fresh stream of the chat text's bytes; call once per pass. */
  openText(): Promise<Readable>;
  close(): Promise<void>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];

export async function openExportFile(path: string, fileName = basename(path)): Promise<ExportFile> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AppError('not-a-file', `${fileName} is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('file-unreadable', `Cannot read ${fileName}: ${(error as Error).message}`);
  }
  if (size === 0) throw new AppError('empty-file', `${fileName} is empty: it is not a WhatsApp chat export.`);
  const head = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  const isZip = [ZIP_MAGIC, EMPTY_ZIP_MAGIC].some((magic) => magic.every((b, i) => head[i] === b));
  if (isZip) return openZipExport(path, fileName, size);
  if (extname(fileName).toLowerCase() === '.zip') {
    throw new AppError('bad-zip', `${fileName} is not a valid zip file. Export the chat again.`);
  }
  return {
    fileName,
    kind: 'txt',
    fileSize: size,
    textName: fileName,
    textSize: size,
    media: [],
    openText: async () => createReadStream(path, { highWaterMark: 1 << 20 }),
    close: async () => {},
  };
}

/** A damaged entry fails while it is inflated: say so as a broken zip, not as an internal error. */
async function* zipErrorsAsAppErrors(stream: Readable, fileName: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw error instanceof AppError ? error : zipError(fileName, error as Error);
  }
}

function zipError(fileName: string, error: Error): AppError {
  return new AppError(
    'bad-zip',
    `${fileName} is damaged or incomplete (${error.message}). Export the chat from WhatsApp again.`,
  );
}

async function openZipExport(path: string, fileName: string, fileSize: number): Promise<ExportFile> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, z) =>
      err || !z ? reject(zipError(fileName, err ?? new Error('unreadable'))) : resolve(z),
    ),
  );
  const entries: Entry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        entries.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: Error) => reject(zipError(fileName, err)));
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error;
  }

  const files = entries.filter((e) => !e.fileName.endsWith('/') && !isJunk(e.fileName));
  const textEntry = pickChatText(files);
  if (!textEntry) {
    zip.close();
    throw new AppError(
      'not-whatsapp',
      `${fileName} holds no chat text (.txt): it is not a WhatsApp chat export.`,
    );
  }
  if (textEntry.isEncrypted()) {
    zip.close();
    throw new AppError('bad-zip', `${fileName} is encrypted; export the chat again without a password.`);
  }
  const media = files
    .filter((e) => e !== textEntry)
    .map((e): MediaEntry => {
      const mime = mimeLookup(e.fileName) || 'application/octet-stream';
      return {
        entryName: e.fileName,
        size: e.uncompressedSize,
        mime,
        mediaType: mediaTypeOf(e.fileName, mime),
      };
    });
  return {
    fileName,
    kind: 'zip',
    fileSize,
    textName: textEntry.fileName,
    textSize: textEntry.uncompressedSize,
    media,
    openText: () =>
      new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(textEntry, (err, stream) =>
          err || !stream
            ? reject(zipError(fileName, err ?? new Error('unreadable entry')))
            : resolve(Readable.from(zipErrorsAsAppErrors(stream, fileName))),
        ),
      ),
    close: async () => zip.close(),
  };
}

/** macOS adds `__MACOSX/` resource forks and `.DS_Store` when a user re-zips a folder. */
function isJunk(name: string): boolean {
  return name.startsWith('__MACOSX/') || basename(name) === '.DS_Store' || basename(name).startsWith('._');
}

/** `_chat.txt` (iOS) first, then a `WhatsApp …` text, then the largest text at the top level. */
function pickChatText(files: Entry[]): Entry | undefined {
  const texts = files.filter((e) => e.fileName.toLowerCase().endsWith('.txt'));
  const byName = (pred: (name: string) => boolean) => texts.find((e) => pred(basename(e.fileName)));
  return (
    byName((n) => n === '_chat.txt') ??
    byName((n) => /whatsapp/i.test(n)) ??
    texts
      .slice()
      .sort((a, b) => depth(a.fileName) - depth(b.fileName) || b.uncompressedSize - a.uncompressedSize)[0]
  );
}

const depth = (name: string) => name.split('/').length;

/** Media type from WhatsApp's file naming (`PTT-` voice notes, `STK-` stickers, `-GIF-`) and the MIME type. */
export function mediaTypeOf(name: string, mime = mimeLookup(name) || ''): MediaType {
  const base = basename(name).toUpperCase();
  if (base.startsWith('PTT-') || base.includes('-AUDIO-') || base.endsWith('.OPUS')) return 'voice';
  if (base.startsWith('STK-') || base.includes('-STICKER-') || base.endsWith('.WEBP')) return 'sticker';
  if (base.includes('-GIF-') || base.endsWith('.GIF')) return 'gif';
  if (base.endsWith('.VCF')) return 'contact';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime) return 'document';
  return 'other';
}

/** A stream of one media entry of a zip export, for showing it in the UI. */
export async function openZipEntry(
  zipPath: string,
  entryName: string,
): Promise<{ stream: Readable; size: number }> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (err, z) =>
      err || !z ? reject(err) : resolve(z),
    ),
  );
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (entry.fileName !== entryName) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) =>
        err || !stream ? reject(err) : resolve({ stream, size: entry.uncompressedSize }),
      );
    });
    zip.on('end', () =>
      reject(new AppError('media-missing', `${entryName} is not in ${basename(zipPath)}.`)),
    );
    zip.on('error', reject);
    zip.readEntry();
  });
}

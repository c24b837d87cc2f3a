/**
 * One import: file → two streaming passes over the chat text (format scan, then parse) → one SQLite
 * transaction. A failed or cancelled import leaves nothing behind; a newer export of a chat already in the
 * library adds only its new messages; the same text imported again changes nothing.
 */
import { basename } from 'node:path';
import type { ImportProgress, ImportResult, ImportWarning } from '../../src-shared/api/imports';
import type { DateOrder } from '../../src-shared/messages';
import type { Library } from '../db/open';
import { AppError, CancelledError } from '../errors';
import { getChatSummary } from '../library/queries';
import { openExportFile, type ExportFile } from './export-file';
import { createFormatScanner, createMessageParser, titleFromFileName } from './parser';
import type { FormatScanResult, ParsedMessage } from './parser/types';
import { readBlocks, type ReadTextResult } from './text-blocks';
import { CONTINUATION_PROBE, ChatWriter, findChatContaining, findImportOfText } from './writer';

export interface ImportOptions {
  path: string;
  /** The name the user knows the file by (defaults to the path's base name). */
  fileName?: string;
  dateOrder?: DateOrder;
  /** Replace this chat (e.g. re-import in another date order) instead of adding to the library. */
  replaceChatId?: number;
  signal?: AbortSignal;
  onProgress?: (progress: Omit<ImportProgress, 'opId'>) => void;
}

const PROGRESS_INTERVAL_MS = 100;

const DATE_ORDER_NAMES: Record<DateOrder, string> = {
  dmy: 'day/month/year',
  mdy: 'month/day/year',
  ymd: 'year/month/day',
};

export async function importExport(library: Library, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const startedAt = Date.now();
  const { signal } = options;
  const file = await openExportFile(options.path, options.fileName ?? basename(options.path));
  try {
    const bytesTotal = file.textSize * 2;
    let lastProgress = 0;
    const progress = (phase: ImportProgress['phase'], bytesRead: number, messages: number, force = false) => {
      const now = performance.now();
      if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      options.onProgress?.({ phase, bytesRead: Math.min(bytesRead, bytesTotal), bytesTotal, messages });
    };

    // Pass 1: infer the format from the whole file.
    progress('scanning', 0, 0, true);
    const scanner = createFormatScanner(options.dateOrder ? { dateOrder: options.dateOrder } : {});
    const text = await readBlocks(
      await file.openText(),
      (block) => {
        scanner.pushText(block.text);
        progress('scanning', block.bytesRead, 0);
      },
      signal,
    );
    const scan = scanner.finish();

    const same =
      options.replaceChatId === undefined
        ? findImportOfText(library, text.sha256, scan.format.dateOrder)
        : null;
    if (same !== null) {
      const chat = getChatSummary(library, same);
      progress('done', bytesTotal, chat.messageCount, true);
      return {
        ...resultBase(chat, scan),
        messagesInFile: chat.messageCount,
        messagesAdded: 0,
        outcome: 'unchanged',
        linesUnparsed: 0,
        mediaFiles: file.media.length,
        warnings: [{ code: 'other', message: 'This export is already in the library: nothing changed.' }],
        durationMs: Math.round(performance.now() - started),
      };
    }

    // Pass 2: parse and store, all in one transaction.
    return await storeMessages(library, file, scan, text, {
      ...options,
      bytesOffset: file.textSize,
      progress,
      started,
      startedAt,
      signal,
    });
  } finally {
    await file.close();
  }
}

interface StoreOptions extends ImportOptions {
  bytesOffset: number;
  progress: (phase: ImportProgress['phase'], bytesRead: number, messages: number, force?: boolean) => void;
  started: number;
  startedAt: number;
}

async function storeMessages(
  library: Library,
  file: ExportFile,
  scan: FormatScanResult,
  pass1: ReadTextResult,
  options: StoreOptions,
): Promise<ImportResult> {
  const { sqlite } = library;
  const { signal, progress } = options;
  const parser = createMessageParser(scan.format);
  const writer = new ChatWriter(library);
  const batch: ParsedMessage[] = [];
  let messagesInFile = 0;
  let bytes = 0;

  sqlite.exec('BEGIN IMMEDIATE');
  try {
    if (options.replaceChatId !== undefined) writer.deleteChat(options.replaceChatId);
    writer.beginImport({
      fileName: file.fileName,
      filePath: file.kind === 'zip' ? options.path : null,
      fileSize: file.fileSize,
      sha256: pass1.sha256,
      sourceKind: file.kind,
      format: scan.format,
      startedAt: options.startedAt,
      media: file.media,
    });

    /** `final`: the text has ended. Until then the chat is decided only once the batch can prove it. */
    const flush = (final: boolean) => {
      if (batch.length === 0) return;
      if (!writer.hasChat) {
        if (!final && batch.filter((m) => m.author !== null).length < CONTINUATION_PROBE) return;
        const existing = findChatContaining(library, batch);
        if (existing !== null) writer.continueChat(existing);
        else
          writer.createChat({
            title:
              titleFromFileName(file.fileName) ??
              (file.kind === 'zip' ? titleFromFileName(file.textName) : null),
            platform: scan.format.platform,
            dateOrder: scan.format.dateOrder,
          });
      }
      messagesInFile += batch.length;
      for (const message of batch) writer.add(message);
      batch.length = 0;
    };

    progress('parsing', options.bytesOffset, 0, true);
    const pass2 = await readBlocks(
      await file.openText(),
      (block) => {
        if (signal?.aborted) throw new CancelledError();
        parser.pushText(block.text, batch, block);
        flush(false);
        bytes = block.bytesRead;
        progress('parsing', options.bytesOffset + bytes, messagesInFile);
      },
      signal,
    );
    parser.finish(batch);
    flush(true);
    if (pass2.sha256 !== pass1.sha256) {
      throw new AppError('file-changed', `${file.fileName} changed while it was being imported. Try again.`);
    }
    if (!writer.hasChat) {
      throw new AppError('not-whatsapp', `${file.fileName} contains no WhatsApp messages.`);
    }
    if (signal?.aborted) throw new CancelledError();
    progress('storing', options.bytesOffset + bytes, messagesInFile, true);

    const warnings = collectWarnings(scan, pass1, parser.unparsed, writer.missingMedia, file);
    const stored = writer.finishImport({
      chatName: parser.chatName ?? null,
      messagesInFile,
      linesUnparsed: parser.unparsed.count,
      warnings,
      finishedAt: Date.now(),
    });
    sqlite.exec('COMMIT');

    const chat = getChatSummary(library, stored.chatId);
    progress('done', options.bytesOffset * 2, chat.messageCount, true);
    return {
      ...resultBase(chat, scan),
      messagesInFile,
      messagesAdded: stored.added,
      outcome: stored.created ? 'created' : stored.added > 0 ? 'updated' : 'unchanged',
      linesUnparsed: parser.unparsed.count,
      mediaFiles: file.media.length,
      warnings,
      durationMs: Math.round(performance.now() - options.started),
    };
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

function resultBase(chat: ReturnType<typeof getChatSummary>, scan: FormatScanResult) {
  return {
    chatId: chat.id,
    title: chat.title,
    messages: chat.messageCount,
    participants: chat.participants,
    firstAt: chat.firstAt,
    lastAt: chat.lastAt,
    platform: chat.platform,
    dateOrder: scan.format.dateOrder,
  };
}

function collectWarnings(
  scan: FormatScanResult,
  text: ReadTextResult,
  unparsed: { count: number; samples: { line: number; text: string }[] },
  missingMedia: string[],
  file: ExportFile,
): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  if (!scan.dateOrderCertain) {
    const order = scan.format.dateOrder;
    warnings.push({
      code: 'ambiguous-date-order',
      message: `No date in this file tells whether days or months come first; read as ${DATE_ORDER_NAMES[order]}. Re-import in the other order if the dates look wrong.`,
      details: { assumed: order, alternative: order === 'mdy' ? 'dmy' : 'mdy' },
    });
  }
  warnings.push(...scan.warnings);
  if (unparsed.count > 0) {
    warnings.push({
      code: 'unparsed-lines',
      message: `${unparsed.count} line${unparsed.count === 1 ? ' was' : 's were'} not understood and left out (first at line ${unparsed.samples[0]?.line ?? '?'}).`,
      details: { count: unparsed.count, samples: unparsed.samples },
    });
  }
  if (text.oversizedLines > 0) {
    warnings.push({
      code: 'other',
      message: `${text.oversizedLines} line(s) longer than WhatsApp allows were cut.`,
    });
  }
  if (text.invalidBytes) {
    warnings.push({
      code: 'other',
      message: `Some bytes of ${file.textName} are not valid ${text.encoding}; they show as �.`,
    });
  }
  if (file.kind === 'zip' && file.media.length > 0 && missingMedia.length > 0) {
    warnings.push({
      code: 'missing-media',
      message: `${missingMedia.length} attached file(s) named in the chat are not in the zip.`,
      details: { files: missingMedia.slice(0, 20) },
    });
  }
  return warnings;
}

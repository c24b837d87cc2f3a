/**
 * The contract between the import pipeline (reading, storing) and the parser (format inference, messages).
 * The pipeline reads the chat text twice, as blocks of whole lines: pass 1 feeds every block to a
 * FormatScanner, pass 2 to a MessageParser built from the scanner's format.
 */
import type { ImportWarning } from '../../../src-shared/api/imports';
import type { DateOrder, MessageKind, MessageSubtype } from '../../../src-shared/messages';

export interface ParsedMessage {
  /** Wall-clock seconds (src-shared/messages.ts), Gregorian, 24 h. */
  ts: number;
  /** Display name without invisible marks or the `~ ` of non-contacts; null for system messages. */
  author: string | null;
  /** The body without invisible marks or markers (edited marker, media placeholders). */
  text: string;
  kind: MessageKind;
  subtype: MessageSubtype;
  edited: boolean;
  /** The attached file's name as written in the export (e.g. `IMG-20220101-WA0001.jpg`), if any. */
  attachment: string | null;
  /** 1-based line of the header in the file. */
  line: number;
}

/** A JSON-serialisable description of one file's header format; stored with each import. */
export interface ExportFormat {
  platform: 'android' | 'ios';
  dateOrder: DateOrder;
  [detail: string]: unknown;
}

export interface FormatScanResult {
  format: ExportFormat;
  /** False when the day/month order could not be decided from the file (the caller warns). */
  dateOrderCertain: boolean;
  warnings: ImportWarning[];
}

export interface FormatScanner {
  /**
   * Reads a block of whole lines (each ended by `\n`, as readBlocks hands them on). Throws
   * AppError('not-whatsapp') as soon as it is clear the text is not a WhatsApp export.
   */
  pushText(text: string): void;
  /** Throws AppError('not-whatsapp') when no message header format was found. */
  finish(): FormatScanResult;
}

export interface UnparsedLines {
  count: number;
  /** The first few, for the import report. */
  samples: { line: number; text: string }[];
}

/** What the reader learnt about a block of lines for free (see text-blocks.ts). */
export interface LineHints {
  /** False when no line of the block holds an invisible mark; the parser then need not look for them. */
  marks: boolean;
}

export interface MessageParser {
  /**
   * Appends every message completed by the next block of whole lines to `out` (lines are numbered from the
   * first block on). Without hints, every line is checked for invisible marks.
   */
  pushText(text: string, out: ParsedMessage[], hints?: LineHints): void;
  /** Appends the last message. */
  finish(out: ParsedMessage[]): void;
  readonly unparsed: UnparsedLines;
  /** The chat's own name if the export writes it (iOS puts it before system messages), once parsed. */
  readonly chatName?: string | null;
}

export interface ScanOptions {
  /** The user's override of the day/month order. */
  dateOrder?: DateOrder;
}

/**
 * Both passes over an export already in memory, without storing anything: for tests, benchmarks and tools
 * (the import pipeline streams the file instead, through the same reader and parser).
 */
import { Readable } from 'node:stream';
import { readLines } from '../text-lines';
import { createFormatScanner, createMessageParser } from '.';
import type { FormatScanResult, ParsedMessage, ScanOptions, UnparsedLines } from './types';

export interface ParsedText extends FormatScanResult {
  messages: ParsedMessage[];
  unparsed: UnparsedLines;
}

const CHUNK = 1 << 20;

/** Parses export bytes exactly as an import reads them (encoding detection, any line ends, 1 MiB chunks). */
export async function parseExportBytes(bytes: Uint8Array, options: ScanOptions = {}): Promise<ParsedText> {
  const chunks = () => {
    const list: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += CHUNK) list.push(Buffer.from(bytes.subarray(i, i + CHUNK)));
    return Readable.from(list);
  };
  const scanner = createFormatScanner(options);
  await readLines(chunks(), (batch) => scanner.pushLines(batch.lines, batch.firstLineNo));
  const scan = scanner.finish();
  const parser = createMessageParser(scan.format);
  const messages: ParsedMessage[] = [];
  await readLines(chunks(), (batch) => parser.pushLines(batch.lines, batch.firstLineNo, messages, batch));
  parser.finish(messages);
  return { ...scan, messages, unparsed: parser.unparsed };
}

/** Parses a whole export text (any line ends) into one array of messages. */
export function parseExportText(text: string, options: ScanOptions = {}): ParsedText {
  const messages: ParsedMessage[] = [];
  const result = streamExportText(text, options, (batch) => {
    for (const m of batch) messages.push(m);
  });
  return { ...result, messages };
}

/**
 * Parses a whole export text, handing the messages on in batches as the import does (each batch's array is
 * reused: copy what you keep).
 */
export function streamExportText(
  text: string,
  options: ScanOptions,
  onMessages: (batch: ParsedMessage[]) => void,
): FormatScanResult & { unparsed: UnparsedLines } {
  let lines = text.split('\n');
  // CRLF or CR line ends (the first line tells; a full scan for `\r` would cost as much as the split).
  if (lines[0]!.endsWith('\r') || (lines.length === 1 && text.includes('\r')))
    lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const scanner = createFormatScanner(options);
  scanner.pushLines(lines, 1);
  const scan = scanner.finish();
  const parser = createMessageParser(scan.format);
  const batch: ParsedMessage[] = [];
  for (let k = 0; k < lines.length; k += BATCH_LINES) {
    parser.pushLines(
      k === 0 && lines.length <= BATCH_LINES ? lines : lines.slice(k, k + BATCH_LINES),
      k + 1,
      batch,
    );
    onMessages(batch);
    batch.length = 0;
  }
  parser.finish(batch);
  onMessages(batch);
  return { ...scan, unparsed: parser.unparsed };
}

/** About the number of lines in one of the import reader's batches. */
const BATCH_LINES = 16_384;

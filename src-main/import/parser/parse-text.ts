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

/** Parses a whole export text (any line ends). */
export function parseExportText(text: string, options: ScanOptions = {}): ParsedText {
  const lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const scanner = createFormatScanner(options);
  scanner.pushLines(lines, 1);
  const scan = scanner.finish();
  const parser = createMessageParser(scan.format);
  const messages: ParsedMessage[] = [];
  parser.pushLines(lines, 1, messages);
  parser.finish(messages);
  return { ...scan, messages, unparsed: parser.unparsed };
}

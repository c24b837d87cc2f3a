/**
 * Both passes over an export already in memory, without storing anything: for tests, benchmarks and tools
 * (the import pipeline streams the file instead, through the same reader and parser).
 */
import { Readable } from 'node:stream';
import { LineBlocker, readBlocks } from '../text-blocks';
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
  await readBlocks(chunks(), (block) => scanner.pushText(block.text));
  const scan = scanner.finish();
  const parser = createMessageParser(scan.format);
  const messages: ParsedMessage[] = [];
  await readBlocks(chunks(), (block) => parser.pushText(block.text, messages, block));
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
 * reused: copy what you keep). The text is cut into blocks of whole lines as the import's reader cuts the
 * decoded file.
 */
export function streamExportText(
  text: string,
  options: ScanOptions,
  onMessages: (batch: ParsedMessage[]) => void,
): FormatScanResult & { unparsed: UnparsedLines } {
  const lines = new LineBlocker();
  const blocks: string[] = [];
  for (let at = 0; at < text.length; at += CHUNK) {
    blocks.push(...lines.push(at === 0 && text.length <= CHUNK ? text : text.slice(at, at + CHUNK)));
  }
  blocks.push(...lines.end());
  const scanner = createFormatScanner(options);
  for (const block of blocks) scanner.pushText(block);
  const scan = scanner.finish();
  const parser = createMessageParser(scan.format);
  const batch: ParsedMessage[] = [];
  for (const block of blocks) {
    parser.pushText(block, batch);
    onMessages(batch);
    batch.length = 0;
  }
  parser.finish(batch);
  onMessages(batch);
  return { ...scan, unparsed: parser.unparsed };
}

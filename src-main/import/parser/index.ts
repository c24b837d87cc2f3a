/**
 * The WhatsApp export parser behind the contract of ./types.ts: a format scanner (pass 1, every line) and a
 * message parser built from what it found (pass 2).
 */
import { AppError } from '../../errors';
import { WhatsAppMessageParser } from './message-parser';
import { WhatsAppFormatScanner, type WhatsAppFormat } from './scanner';
import type { ExportFormat, FormatScanner, MessageParser, ScanOptions } from './types';

export { titleFromFileName } from './title';
export type { WhatsAppFormat } from './scanner';

export function createFormatScanner(options: ScanOptions): FormatScanner {
  return new WhatsAppFormatScanner(options);
}

export function createMessageParser(format: ExportFormat): MessageParser {
  if (!isWhatsAppFormat(format)) {
    throw new AppError(
      'internal',
      'createMessageParser needs the format a WhatsApp format scanner returned.',
    );
  }
  return new WhatsAppMessageParser(format);
}

function isWhatsAppFormat(format: ExportFormat): format is WhatsAppFormat {
  return typeof format.header === 'object' && format.header !== null && Array.isArray(format.dayPeriods);
}

// Placeholder until the parser lands (issue 2): see ./types.ts for the contract.
import { AppError } from '../../errors';
import type { ExportFormat, FormatScanner, MessageParser, ScanOptions } from './types';

export function createFormatScanner(_options: ScanOptions): FormatScanner {
  throw new AppError('internal', 'parser not implemented yet');
}
export function createMessageParser(_format: ExportFormat): MessageParser {
  throw new AppError('internal', 'parser not implemented yet');
}
export function titleFromFileName(_fileName: string): string | null {
  return null;
}

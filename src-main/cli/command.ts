import type { AppContext } from '../context';

export interface CliCommand {
  /** e.g. `import <file> [--date-order dmy|mdy|ymd] [--json]` */
  usage: string;
  summary: string;
  /** util.parseArgs option spec for this command's flags (the global --db is added). */
  options?: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  run(
    ctx: AppContext,
    positionals: string[],
    flags: Record<string, string | boolean | string[] | boolean[] | undefined>,
  ): Promise<void>;
}

/**
 * `relivchats`: the command line over the same handler map the app serves. Every domain contributes its
 * commands; `--db PATH` (or RELIVCHATS_DB) picks the library, by default the desktop app's own.
 */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppContext } from './app-context';
import type { CliCommand } from './cli/command';
import { CliError } from './cli/output';
import { toErrorShape } from './errors';
import { importCommands } from './import/cli';
import { insightsCommands } from './insights/cli';
import { libraryCommands } from './library/cli';
import { searchIndexCommands } from './search-index/cli';
import { statsCommands } from './stats/cli';
import { defaultDataDir, defaultLibraryPath } from './paths';

const commands: Record<string, CliCommand> = {
  ...importCommands,
  ...libraryCommands,
  ...statsCommands,
  ...searchIndexCommands,
  ...insightsCommands,
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  relivchats ${c.usage.padEnd(58)} ${c.summary}`);
  return [
    'Usage:',
    ...lines,
    '',
    'Global options:',
    "  --db PATH     the library database (default: RELIVCHATS_DB, else the desktop app's library)",
    '  --help        this text',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`relivchats: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...command.options, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    process.stderr.write(
      `relivchats ${name}: ${(error as Error).message}\nUsage: relivchats ${command.usage}\n`,
    );
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`relivchats ${command.usage}\n  ${command.summary}\n`);
    return 0;
  }
  const libraryPath = (parsed.values.db as string | undefined) ?? defaultLibraryPath();
  let ctx;
  try {
    ctx = createAppContext({
      libraryPath,
      dataDir: parsed.values.db ? dirname(libraryPath) : defaultDataDir(),
    });
  } catch (error) {
    process.stderr.write(
      `relivchats: cannot open the library at ${libraryPath}: ${toErrorShape(error).message}\n`,
    );
    return 1;
  }
  try {
    await command.run(ctx, parsed.positionals, parsed.values as Record<string, string | boolean | undefined>);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`relivchats ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    const shape = toErrorShape(error);
    process.stderr.write(
      `relivchats ${name}: ${shape.message}${shape.code === 'internal' && error instanceof Error && process.env.DEBUG ? `\n${error.stack}` : ''}\n`,
    );
    return 1;
  } finally {
    ctx.close();
  }
}

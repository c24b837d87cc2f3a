/**
 * `npm run bench:import`: how fast exports are read, parsed and stored.
 *
 * Generates (once, cached in bench/.cache/import) a 5.4 MB two-person two-year Android chat and 25/50/100 MB
 * group chats, then prints in one run:
 *  - parse-only throughput, ours and whatsapp-chat-parser 4.0.2 on the same text (interleaved runs, medians),
 *    and both on a long run of system messages (the worst case for finding where an author's name ends);
 *  - the end-to-end import (read, parse, store, full-text index) of the 5.4 MB chat, in a fresh process,
 *    and the same without the full-text index to show its share;
 *  - the 25/50/100 MB imports' time and peak RSS, each in its own process (time should grow linearly).
 * Figures from a busy machine are noisy: compare numbers from the same run.
 */
import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseString } from 'whatsapp-chat-parser';
import { openLibrary } from '../src-main/db/open';
import { parseExportBytes, parseExportText, streamExportText } from '../src-main/import/parser/parse-text';
import { importExport } from '../src-main/import/pipeline';
import {
  EXPORT_STYLES,
  generateMessages,
  renderExport,
  renderExportChunks,
  type GenerateOptions,
  type StyleName,
} from '../tests/support/export-generator';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CACHE = join(HERE, '.cache', 'import');
/** Bump when the generator's output changes, so cached files are rebuilt. */
const VERSION = 1;

interface Spec {
  name: string;
  style: StyleName;
  bytes: number;
  options: Omit<GenerateOptions, 'count'>;
}

const TWO_YEAR: Spec = {
  name: 'two-year-android',
  style: 'android-en-gb',
  bytes: 5.4e6,
  options: { seed: 42, authors: ['Alex Morgan', 'Sam Rivera'], spanDays: 730, start: '2022-01-01T08:00:00' },
};
const group = (mb: number): Spec => ({
  name: `group-${mb}mb`,
  style: 'android-en-us',
  bytes: mb * 1e6,
  options: { seed: 7, authors: 40, spanDays: 2 * mb, start: '2019-03-01T08:00:00', system: 0.002 },
});

// ---------------------------------------------------------------------------------------------------------

/** The cached export for a spec (generated on first use, streamed to disk). */
async function exportFile(spec: Spec): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `${spec.name}-v${VERSION}.txt`);
  if (existsSync(path)) return path;
  const style = EXPORT_STYLES[spec.style];
  // Messages needed for the size, from the average size of a sample.
  const sample = Buffer.byteLength(renderExport(style, generateMessages({ ...spec.options, count: 20_000 })));
  const count = Math.round((spec.bytes / sample) * 20_000);
  const out = createWriteStream(`${path}.tmp`);
  for (const chunk of renderExportChunks(
    style,
    generateMessages({ ...spec.options, count }),
    '\n',
    1 << 20,
  )) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.tmp`, path);
  return path;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Timing {
  cpu: number;
  wall: number;
}
interface Summary {
  cpuMin: number;
  cpuMedian: number;
  wallMin: number;
  wallMedian: number;
}

async function timedAsync(fn: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}

function summary(timings: Timing[]): Summary {
  const cpu = timings.map((t) => t.cpu);
  const wall = timings.map((t) => t.wall);
  return {
    cpuMin: Math.min(...cpu),
    cpuMedian: median(cpu),
    wallMin: Math.min(...wall),
    wallMedian: median(wall),
  };
}
const mb = (bytes: number) => bytes / 1e6;
const fmt = (n: number, digits = 0) => n.toFixed(digits);

interface ChildResult {
  messages: number;
  importMs: number;
  cpuMs: number;
  maxRssMb: number;
}

/** Imports `path` into a fresh library in a new process (as the CLI would). */
function importInChild(path: string, withIndex = true): ChildResult & { processMs: number } {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--child',
      path,
      ...(withIndex ? [] : ['--no-index']),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const processMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`import of ${path} failed:\n${run.stderr}`);
  return { ...(JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildResult), processMs };
}

async function child(path: string, withIndex: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'relivchats-bench-'));
  try {
    const library = openLibrary({ path: join(dir, 'library.sqlite') });
    if (!withIndex) {
      // For comparison only: the full-text index (migrations/desktop/0001) swapped for a plain table, so
      // the writer's one indexing statement copies the text without tokenising it.
      library.sqlite.exec(
        'DROP TRIGGER messages_fts_ad; DROP TRIGGER messages_fts_au; DROP TABLE messages_fts; CREATE TABLE messages_fts (text TEXT)',
      );
    }
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await importExport(library, { path });
    const importMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    library.close();
    const out: ChildResult = {
      messages: result.messages,
      importMs,
      cpuMs: (used.user + used.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type ParseMode = 'stream' | 'array' | 'bytes' | 'wcp';
const PARSE_MODES: ParseMode[] = ['stream', 'array', 'bytes', 'wcp'];
const PARSE_LABELS: Record<ParseMode, string> = {
  stream: 'ours, batches handed on (as the import uses it)',
  array: 'ours, every message kept in one array',
  bytes: 'ours, from the bytes (decoding, reader included)',
  wcp: 'whatsapp-chat-parser 4.0.2 (one array)',
};

function parseInChild(mode: ParseMode, path: string): { timings: Timing[]; messages: number } {
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--parse', mode, path],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (run.status !== 0) throw new Error(`parse (${mode}) failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { timings: Timing[]; messages: number };
}

async function parseChild(mode: ParseMode, path: string): Promise<void> {
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  const parse: Record<ParseMode, () => Promise<number> | number> = {
    stream: () => {
      let n = 0;
      streamExportText(text, {}, (batch) => (n += batch.length));
      return n;
    },
    array: () => parseExportText(text).messages.length,
    bytes: async () => (await parseExportBytes(bytes)).messages.length,
    wcp: () => parseString(text).length,
  };
  const timings: Timing[] = [];
  let messages = 0;
  for (let run = 0; run < 12; run++)
    timings.push(await timedAsync(async () => (messages = await parse[mode]())));
  process.stdout.write(`${JSON.stringify({ timings, messages })}\n`);
}

/**
 * The worst case for finding where an author's name ends: a long run of system messages, whose lines hold
 * no `: `. A search that is not bounded per run makes this quadratic (it once took 4 s for 3.3 MB).
 */
function systemRun(): void {
  const lines: string[] = [];
  for (let i = 0; i < 60_000; i++) {
    lines.push(`${String((i % 28) + 1).padStart(2, '0')}/01/2022, 08:00 - Alex Morgan added Sam Rivera ${i}`);
  }
  const text = `${lines.join('\n')}\n13/01/2022, 08:01 - Alex Morgan: hi\n`;
  const best = (fn: () => void) => {
    const cpu: number[] = [];
    for (let run = 0; run < 5; run++) {
      const before = process.cpuUsage();
      fn();
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
    return Math.min(...cpu);
  };
  const ours = best(() => streamExportText(text, {}, () => {}));
  const theirs = best(() => parseString(text));
  const size = mb(text.length);
  console.log(
    `a run of 60,000 system messages (${fmt(size, 1)} MB): ours ${fmt(size / (ours / 1000))} MB/s, whatsapp-chat-parser ${fmt(size / (theirs / 1000))} MB/s (best of 5, CPU)\n`,
  );
}

async function main(): Promise<void> {
  const twoYear = await exportFile(TWO_YEAR);
  const groups = [25, 50, 100].map(group);
  const groupFiles: string[] = [];
  for (const spec of groups) groupFiles.push(await exportFile(spec));
  const bytes = readFileSync(twoYear);
  const text = bytes.toString('utf8');
  const size = mb(bytes.length);
  console.log(`Node ${process.version}, ${process.arch}`);
  console.log(`two-year chat: ${fmt(size, 2)} MB, ${text.split('\n').length - 1} lines (${twoYear})\n`);

  // Parse only, each parser in its own process (same V8 defaults; parsers running side by side in one
  // process distort each other's garbage collection). CPU time is shown beside wall time: this machine is
  // shared, and other processes stretch wall time, hardly CPU time.
  const runs: Record<ParseMode, Timing[]> = { stream: [], array: [], bytes: [], wcp: [] };
  const counts: Partial<Record<ParseMode, number>> = {};
  for (const mode of PARSE_MODES) {
    const result = parseInChild(mode, twoYear);
    runs[mode] = result.timings.slice(2); // the first runs warm the JIT up
    counts[mode] = result.messages;
  }
  const rate = (ms: number) => `${fmt(size / (ms / 1000)).padStart(4)} MB/s`;
  const theirs = summary(runs.wcp);
  console.log(`parse only: ${fmt(size, 1)} MB → messages (best and median of 10 runs after 2 warm-up runs)`);
  for (const mode of PARSE_MODES) {
    const t = summary(runs[mode]);
    const ratio =
      mode === 'wcp'
        ? ''
        : `   ${fmt(theirs.cpuMedian / t.cpuMedian, 2)}× theirs (best ${fmt(theirs.cpuMin / t.cpuMin, 2)}×)`;
    console.log(
      `  ${PARSE_LABELS[mode].padEnd(44)} CPU ${rate(t.cpuMin)} (median ${rate(t.cpuMedian)})  wall median ${rate(t.wallMedian)}  ${counts[mode]} msgs${ratio}`,
    );
  }
  console.log('');
  systemRun();

  // End to end, fresh processes.
  const e2e = [0, 1, 2].map(() => importInChild(twoYear));
  const noIndex = [0, 1, 2].map(() => importInChild(twoYear, false));
  const e2eMs = median(e2e.map((r) => r.importMs));
  const e2eCpu = median(e2e.map((r) => r.cpuMs));
  const noIndexMs = median(noIndex.map((r) => r.importMs));
  const noIndexCpu = median(noIndex.map((r) => r.cpuMs));
  console.log(
    'end-to-end import of the two-year chat (read, parse, store, index; fresh process; median of 3)',
  );
  console.log(
    `  import                   ${fmt(e2eMs)} ms wall, ${fmt(e2eCpu)} ms CPU  (${e2e[0]!.messages} messages; whole process ${fmt(median(e2e.map((r) => r.processMs)))} ms)`,
  );
  console.log(
    `  without full-text index  ${fmt(noIndexMs)} ms wall, ${fmt(noIndexCpu)} ms CPU  (the index: ${fmt(e2eCpu - noIndexCpu)} ms CPU, ${fmt(((e2eCpu - noIndexCpu) / e2eCpu) * 100)} %)\n`,
  );

  console.log('group chats (one process each)');
  console.log('  size      messages   wall ms    CPU ms  CPU ms/MB   peak RSS');
  for (const path of groupFiles) {
    const r = importInChild(path);
    const fileMb = mb(statSync(path).size);
    console.log(
      `  ${`${fmt(fileMb, 1)} MB`.padEnd(9)} ${String(r.messages).padStart(8)} ${fmt(r.importMs).padStart(9)} ${fmt(r.cpuMs).padStart(9)} ${fmt(r.cpuMs / fileMb, 1).padStart(10)} ${`${fmt(r.maxRssMb)} MB`.padStart(10)}`,
    );
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]!, !args.includes('--no-index'));
else if (args[0] === '--parse') await parseChild(args[1] as ParseMode, args[2]!);
else await main();

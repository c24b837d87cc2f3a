/**
 * `npm run bench:import`: how fast exports are read, parsed and stored.
 *
 * Generates (once, cached in bench/.cache/import) a 5.4 MB two-person two-year Android chat and 25/50/100 MB
 * group chats, then prints in one run:
 *  - parse-only throughput, ours and whatsapp-chat-parser 4.0.2 on the same text (interleaved runs, medians);
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
import { parseExportBytes, parseExportText } from '../src-main/import/parser/parse-text';
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
const mb = (bytes: number) => bytes / 1e6;
const fmt = (n: number, digits = 0) => n.toFixed(digits);

interface ChildResult {
  messages: number;
  importMs: number;
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
      // For comparison only: the full-text index is maintained by these triggers (migrations/desktop).
      for (const t of ['messages_fts_ai', 'messages_fts_ad', 'messages_fts_au'])
        library.sqlite.exec(`DROP TRIGGER ${t}`);
    }
    const started = performance.now();
    const result = await importExport(library, { path });
    const importMs = performance.now() - started;
    library.close();
    const out: ChildResult = {
      messages: result.messages,
      importMs,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

  // Parse only: the same string into messages, interleaved runs.
  const ours: number[] = [];
  const theirs: number[] = [];
  const oursBytes: number[] = [];
  const counts = [0, 0];
  for (let run = 0; run < 9; run++) {
    let t = performance.now();
    counts[0] = parseExportText(text).messages.length;
    ours.push(performance.now() - t);
    t = performance.now();
    counts[1] = parseString(text).length;
    theirs.push(performance.now() - t);
    t = performance.now();
    await parseExportBytes(bytes);
    oursBytes.push(performance.now() - t);
  }
  // The first runs warm the JIT up.
  const [o, w, ob] = [ours.slice(2), theirs.slice(2), oursBytes.slice(2)].map(median) as [
    number,
    number,
    number,
  ];
  console.log('parse only (text in memory → messages; median of 7 after 2 warm-up runs)');
  console.log(
    `  ours                    ${fmt(size / (o / 1000)).padStart(5)} MB/s  ${fmt(o)} ms  ${counts[0]} messages`,
  );
  console.log(
    `  whatsapp-chat-parser    ${fmt(size / (w / 1000)).padStart(5)} MB/s  ${fmt(w)} ms  ${counts[1]} messages`,
  );
  console.log(`  ratio                   ${fmt(w / o, 2)}×`);
  console.log(
    `  ours from bytes         ${fmt(size / (ob / 1000)).padStart(5)} MB/s  ${fmt(ob)} ms  (decoding and both passes of the import's reader)\n`,
  );

  // End to end, fresh processes.
  const e2e = [0, 1, 2].map(() => importInChild(twoYear));
  const noIndex = [0, 1, 2].map(() => importInChild(twoYear, false));
  const e2eMs = median(e2e.map((r) => r.importMs));
  const noIndexMs = median(noIndex.map((r) => r.importMs));
  console.log(
    'end-to-end import of the two-year chat (read, parse, store, index; fresh process; median of 3)',
  );
  console.log(
    `  import                  ${fmt(e2eMs)} ms  (${e2e[0]!.messages} messages; whole process ${fmt(median(e2e.map((r) => r.processMs)))} ms)`,
  );
  console.log(
    `  without full-text index ${fmt(noIndexMs)} ms  (the index costs ${fmt(e2eMs - noIndexMs)} ms, ${fmt(((e2eMs - noIndexMs) / e2eMs) * 100)} %)\n`,
  );

  console.log('group chats (one process each)');
  console.log('  size      messages   import ms   ms/MB   peak RSS');
  for (const [i, path] of groupFiles.entries()) {
    const r = importInChild(path);
    const fileMb = mb(statSync(path).size);
    console.log(
      `  ${`${fmt(fileMb, 1)} MB`.padEnd(9)} ${String(r.messages).padStart(8)} ${fmt(r.importMs).padStart(11)} ${fmt(r.importMs / fileMb, 1).padStart(7)} ${`${fmt(r.maxRssMb)} MB`.padStart(10)}${i === groupFiles.length - 1 ? '' : ''}`,
    );
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]!, !args.includes('--no-index'));
else await main();

/**
 * `npm run bench:insights`: how long six insights take against a fake Gemini whose every generateContent
 * call takes L ms, and how long retrieval for all six takes on a 100k-message chat.
 *
 * Targets (issue 6): six insights in ≤ 1.15 × L plus retrieval; retrieval for all six ≤ 200 ms.
 * Also measured, for comparison in the same run: piscina's default pool here (3 threads) and a sequential
 * loop. Env: BENCH_LATENCY_MS (default 2000), BENCH_MESSAGES (default 100000), BENCH_RUNS (default 4; the first job after start is reported on its own).
 */
import { readFileSync } from 'node:fs';
import { createGeminiGateway } from '../src-main/gemini/gateway';
import { GeminiLimiter } from '../src-main/gemini/limiter';
import { buildContexts } from '../src-main/insights/build';
import { InsightsService } from '../src-main/insights/service';
import { indexChat } from '../src-main/search-index/indexer';
import { retrieve } from '../src-main/search-index/retrieval';
import { CATEGORIES } from '../src-shared/insights/catalog';
import { startFakeGemini } from '../tests/support/fake-gemini';
import { seedChat, tempLibrary, type SeedMessage } from '../tests/support/library';
import { groundedAnswer } from '../tests/integration/insights/support';

const L = Number(process.env.BENCH_LATENCY_MS ?? 2000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const RUNS = Math.max(2, Number(process.env.BENCH_RUNS ?? 4));

const WORDS = `love miss you tonight dinner work tired happy birthday trip lake beach movie sorry argue talk
  later call mum dad weekend plans coffee morning night sleep dream funny laugh joke goose cat dog walk park
  rain sun cold hot book read music song dance gym run marathon proud worried stress help thanks gift flowers
  cook pasta pizza train flight hotel photos remember first time again always never maybe tomorrow today`
  .split(/\s+/)
  .filter(Boolean);

function chat(n: number): SeedMessage[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let ts = Date.UTC(2019, 0, 1) / 1000;
  return Array.from({ length: n }, () => {
    ts += rand() < 0.05 ? 3600 * (2 + Math.floor(rand() * 20)) : 20 + Math.floor(rand() * 600);
    const words = Array.from(
      { length: 3 + Math.floor(rand() * 12) },
      () => WORDS[Math.floor(rand() * WORDS.length)],
    );
    return {
      at: new Date(ts * 1000).toISOString().slice(0, 19),
      author: rand() < 0.52 ? 'Alex Morgan' : 'Sam Rivera',
      text: words.join(' '),
    };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function main() {
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').trim();
  const fake = await startFakeGemini({ answer: groundedAnswer, defaultDimensions: 768 });
  const lib = tempLibrary();
  try {
    let t = performance.now();
    const chatId = seedChat(lib, chat(MESSAGES), { title: 'Bench' });
    console.log(`seeded ${MESSAGES.toLocaleString('en')} messages in ${ms(performance.now() - t)}`);

    const gateway = createGeminiGateway(
      { via: 'own-key', apiKey: 'bench', baseUrl: fake.url },
      { limiter: new GeminiLimiter({ concurrency: 8 }) },
    );
    t = performance.now();
    const indexed = await indexChat(lib, gateway, chatId);
    console.log(
      `indexed: ${indexed.chunks} chunks, ${indexed.embedCalls} embedding calls, ${ms(performance.now() - t)} (not part of the targets)`,
    );

    t = performance.now();
    await indexChat(lib, gateway, chatId);
    console.log(
      `index check with nothing new (every context build runs it; the search index's cost): ${ms(performance.now() - t)}`,
    );

    // Retrieval for all six insights of a category (one retrieve call with every query, as the pipeline does).
    const retrieval: number[] = [];
    const building: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const started = performance.now();
      const built = await buildContexts(lib, chatId, 'romantic', { gemini: gateway });
      if (i === 0) {
        console.log(
          `first build (queries embedded, statistics computed): ${ms(performance.now() - started)}`,
        );
        continue;
      }
      retrieval.push(built.retrievalMs);
      building.push(performance.now() - started);
    }
    console.log(
      `retrieval for six insights (18 queries, semantic): median ${ms(median(retrieval))} [${retrieval.map(ms).join(', ')}]` +
        ` — whole context build (retrieval + statistics + pseudonymising + budget) median ${ms(median(building))}`,
    );

    // For comparison: the same queries through hybrid search (vector + full-text, fused).
    const queries = CATEGORIES.find((c) => c.id === 'romantic')!.types.flatMap((x) => x.queries);
    const hybrid: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await retrieve(lib, gateway, chatId, queries, { k: 8, mode: 'hybrid' });
      hybrid.push(performance.now() - started);
    }
    console.log(`the same queries in hybrid mode (vector + full-text): median ${ms(median(hybrid))}`);

    // Six generations, each call taking L ms at the fake.
    fake.setLatency((r) => (r.method === 'generateContent' ? L : 0));
    const timeJob = async (threads: number) => {
      const service = new InsightsService({
        library: lib,
        emit: () => {},
        gemini: async () => gateway,
        pool: { threads },
      });
      await service.warm();
      const times: number[] = [];
      try {
        for (let i = 0; i < RUNS; i++) {
          const { jobId } = await service.preview(chatId, 'romantic', true);
          const started = performance.now();
          const job = await service.wait(
            (await service.unlock({ chatId, category: 'romantic', payment: 'own-key', jobId })).id,
          );
          times.push(performance.now() - started);
          if (job.status !== 'completed') throw new Error(`job ended ${job.status}`);
        }
      } finally {
        await service.close();
      }
      return times;
    };
    const report = (label: string, times: number[]) => {
      const [first, ...rest] = times;
      console.log(
        `six insights, ${label}: first job after start ${ms(first!)} = ${(first! / L).toFixed(3)} × L; ` +
          `then median ${ms(median(rest))} = ${(median(rest) / L).toFixed(3)} × L (L = ${L} ms) [${times.map(ms).join(', ')}]`,
      );
      return median(rest);
    };
    const six = report('pool of 6 threads', await timeJob(6));
    report("piscina's default here (3 threads)", await timeJob(3));
    console.log(`sequential (one at a time) would take ≥ ${ms(6 * L)} = 6 × L`);
    console.log(
      `targets: six insights (contexts built) ≤ 1.15 × L = ${ms(1.15 * L)}: ${six <= 1.15 * L ? 'met' : 'NOT met'} (${ms(six)}); ` +
        `retrieval for six ≤ 200 ms: ${median(retrieval) <= 200 ? 'met' : 'NOT met'} (${ms(median(retrieval))})`,
    );
  } finally {
    await fake.close();
    lib.dispose();
    console.log(`load average before: ${loadBefore}; after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  }
}

await main();

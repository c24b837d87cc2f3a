/**
 * `npm run bench:stats [-- --messages N] [-- --keep DIR] [-- --tsx]`: generates a group chat (1,000,000
 * messages by default; deterministic) into a temporary library, then, in a fresh process so that peak RSS
 * is the statistics' own, measures: the cold computation (first call in the process), a warm one, storing,
 * and reading them back from the store. Issue 3's targets: cold < 1.5 s, read back < 50 ms.
 *
 * The measuring process runs this file bundled by esbuild, as the app ships its main process (bundled by
 * electron-vite): under tsx's per-file module loading the same pass takes about a third longer. `--tsx`
 * measures under tsx instead. CPU time is printed beside wall time: on a shared machine wall time also
 * counts the time other processes held the CPU.
 *
 * The chat: 24 members of very different activity, English and Spanish (some people write both), emoji
 * (skin tones, ZWJ families, flags), links, media of every kind, deleted/edited messages, locations, polls,
 * members added/joining/leaving/removed, conversations in bursts separated by silences of minutes to weeks,
 * more in the evening than at night.
 */
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openLibrary } from '../src-main/db/open';
import type { ParsedMessage } from '../src-main/import/parser/types';
import { ChatWriter } from '../src-main/import/writer';
import { computeChatStats } from '../src-main/stats/compute';
import { getChatStats, refreshChatStats, toQuery } from '../src-main/stats/store';
import { parseWallClock, type MediaType } from '../src-shared/messages';
import { rng } from '../tests/support/export-generator';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    keep: { type: 'string' },
    measure: { type: 'string' },
    tsx: { type: 'boolean' },
  },
});

const EN = `i you we they it is are was be have do go get know think want like love see come make say tell
  need feel look time day night today tomorrow tonight week weekend home work house car food dinner lunch
  coffee beer party movie game music song photo phone message call friend family mom dad baby dog cat
  good great nice cool fun funny happy sad tired late early sorry thanks please yes no maybe sure okay
  really very so too just still already again now later soon never always the a an and or but if when
  what where who why how this that my your our their with for from to at in on about all some more
  beach trip flight train bus ticket hotel city park gym run walk sleep wake cook eat drink buy pay money
  birthday gift cake present wedding kids school class exam homework boss meeting office email laptop`;
const ES = `yo tú nosotros ellos es son era ser estar tener hacer ir saber pensar querer gustar amar ver venir
  decir necesitar sentir mirar hoy mañana noche semana finde casa trabajo coche comida cena almuerzo café
  cerveza fiesta película juego música canción foto móvil mensaje llamada amigo familia mamá papá bebé
  perro gato bueno genial guay divertido feliz triste cansado tarde temprano perdón gracias sí no vale
  claro muy tan ya todavía ahora luego nunca siempre el la los las un una y o pero si cuando qué dónde
  quién por cómo esto eso mi tu nuestro con para de a en sobre todo algo más playa viaje vuelo tren
  autobús billete hotel ciudad parque correr caminar dormir cocinar comer beber comprar pagar dinero
  cumpleaños regalo tarta boda niños colegio clase examen jefe reunión oficina correo portátil`;
const WORDS = { en: EN.split(/\s+/), es: ES.split(/\s+/) };
const FILLERS = {
  en: ['haha', 'lol', 'ok', 'omg', 'yeah', 'nope', 'hahaha', 'wow', 'ugh', 'hmm'],
  es: ['jaja', 'jajaja', 'vale', 'venga', 'bueno', 'ostras', 'madre mía', 'uf', 'ya', 'oye'],
};
const EMOJI = [
  '😂',
  '❤️',
  '👍',
  '🙏',
  '😍',
  '😭',
  '🔥',
  '🎉',
  '😅',
  '👋🏽',
  '👍🏻',
  '👨‍👩‍👧',
  '🇪🇸',
  '🇬🇧',
  '🤷‍♀️',
  '✌️',
  '🥳',
  '😘',
  '🙈',
  '💪🏾',
];
const DOMAINS = [
  'https://www.youtube.com/watch?v=',
  'https://youtu.be/',
  'https://www.instagram.com/p/',
  'https://open.spotify.com/track/',
  'https://maps.google.com/?q=',
  'https://www.amazon.es/dp/',
  'http://example.org/articles/',
  'https://twitter.com/someone/status/',
];
const MEDIA: MediaType[] = [
  'image',
  'image',
  'image',
  'video',
  'voice',
  'voice',
  'sticker',
  'gif',
  'document',
  'audio',
];
const NAMES = [
  'Ana García',
  'Ben Carter',
  'Carla Ruiz',
  'Dmitri',
  'Elena',
  'Fatima Zahra',
  'Gustavo',
  'Hannah',
  'Iñigo',
  'Jess',
  'Kofi',
  'Lucía',
  'Marco',
  'Nadia',
  'Olivia',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sam',
  'Tomás',
  'Uma',
  'Víctor',
  'Wen',
  'Ximena',
];

function* generateChat(total: number): Generator<ParsedMessage> {
  const rand = rng(20240601);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  // Activity weights fall off like a Zipf law; languages: even members English, odd Spanish, every third both.
  const weights = NAMES.map((_, i) => 1 / (i + 1) ** 0.9);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const speaker = () => {
    let r = rand() * weightSum;
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) <= 0) return i;
    return weights.length - 1;
  };
  const language = (i: number) => (i % 3 === 0 ? (rand() < 0.5 ? 'en' : 'es') : i % 2 === 0 ? 'en' : 'es');
  const sentence = (lang: 'en' | 'es') => {
    const n = rand() < 0.3 ? 1 + Math.floor(rand() * 3) : 3 + Math.floor(rand() * (rand() < 0.1 ? 40 : 12));
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(rand() < 0.08 ? pick(FILLERS[lang]) : pick(WORDS[lang]));
    if (rand() < 0.3) words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    let text = words.join(' ');
    if (rand() < 0.12) text += '?';
    else if (rand() < 0.2) text += '!';
    if (rand() < 0.18) text += ` ${pick(EMOJI)}`;
    if (rand() < 0.05) text += `${pick(EMOJI)}${pick(EMOJI)}`;
    return text;
  };

  const members = new Set(NAMES.slice(0, 12));
  let ts = parseWallClock('2019-01-01T09:00');
  let line = 1;
  yield {
    ts,
    author: null,
    text: 'Messages and calls are end-to-end encrypted.',
    kind: 'system',
    subtype: 'encryption',
    edited: false,
    attachment: null,
    line: line++,
  };
  let produced = 1;
  let prev = 0;
  while (produced < total) {
    // Silence before the next conversation: mostly under an hour and a quarter, sometimes hours, rarely days.
    const r = rand();
    ts += Math.round(
      r < 0.85 ? 1860 + rand() * 2640 : r < 0.995 ? 3600 * (1.5 + rand() * 4.5) : 86400 * (1 + rand() * 3),
    );
    const hour = Math.floor((ts % 86400) / 3600);
    if (hour >= 1 && hour < 7 && rand() < 0.85) ts += (8 - hour) * 3600;
    if (rand() < 0.01) {
      const name = pick(NAMES);
      const joining = !members.has(name);
      const event = joining ? (rand() < 0.5 ? 'added' : 'joined') : rand() < 0.8 ? 'left' : 'removed';
      if (joining) members.add(name);
      else members.delete(name);
      yield {
        ts,
        author: null,
        text: `${name} ${event}`,
        kind: 'system',
        subtype: event,
        edited: false,
        attachment: null,
        line: line++,
      };
      produced++;
    }
    const length = 1 + Math.floor(-Math.log(1 - rand()) * 45);
    for (let m = 0; m < length && produced < total; m++) {
      ts += Math.round(-Math.log(1 - rand()) * (rand() < 0.1 ? 300 : 35));
      // A few messages are stamped a minute early (clock skew), as in real exports.
      const stamp = rand() < 0.002 ? ts - 60 : ts;
      const who = rand() < 0.35 ? prev : speaker();
      prev = who;
      const author = NAMES[who]!;
      const lang = language(who);
      const k = rand();
      const message = (kind: ParsedMessage['kind'], text: string, extra: Partial<ParsedMessage> = {}) =>
        ({
          author,
          text,
          kind,
          subtype: null,
          edited: false,
          attachment: null,
          ...extra,
          ts: stamp,
          line: line++,
        }) as ParsedMessage;
      if (k < 0.08) {
        const type = pick(MEDIA);
        yield message('media', rand() < 0.2 ? sentence(lang) : '', {
          subtype: type,
          attachment: `${type.toUpperCase()}-${produced}.bin`,
        });
      } else if (k < 0.09) yield message('deleted', '');
      else if (k < 0.0915) yield message('location', 'https://maps.google.com/?q=40.4,-3.7');
      else if (k < 0.092) yield message('poll', 'POLL:\nPizza?\nOPTION: yes\nOPTION: no');
      else if (k < 0.107) {
        yield message('text', `${sentence(lang)} ${pick(DOMAINS)}${Math.floor(rand() * 1e9).toString(36)}`);
      } else yield message('text', sentence(lang), { edited: rand() < 0.02 });
      produced++;
    }
  }
}

function generate(path: string, total: number): { chatId: number; ms: number } {
  const started = performance.now();
  const library = openLibrary({ path });
  const { sqlite } = library;
  // The bench measures statistics, not search: skip the full-text index while filling the library.
  sqlite.exec('DROP TRIGGER IF EXISTS messages_fts_ai');
  const chatId = sqlite.transaction(() => {
    const writer = new ChatWriter(library);
    writer.beginImport({
      fileName: 'bench.txt',
      filePath: null,
      fileSize: 0,
      sha256: 'bench',
      sourceKind: 'txt',
      format: { platform: 'android', dateOrder: 'dmy' },
      startedAt: Date.now(),
      media: [],
    });
    writer.createChat({ title: 'Bench group', platform: 'android', dateOrder: 'dmy' });
    for (const message of generateChat(total)) writer.add(message);
    return writer.finishImport({
      messagesInFile: total,
      linesUnparsed: 0,
      warnings: [],
      finishedAt: Date.now(),
    }).chatId;
  })();
  library.close();
  return { chatId, ms: performance.now() - started };
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

/** Wall and CPU time of fn (CPU: this process's user + system time). */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { value, wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}

const both = (t: { wall: number; cpu: number }) => `${ms(t.wall)} (CPU ${ms(t.cpu)})`;

function measure(path: string): void {
  const library = openLibrary({ path });
  const chatId = library.sqlite.prepare('SELECT id FROM chats').pluck().get() as number;
  const rssBefore = process.memoryUsage().rss;
  const cold = timed(() => computeChatStats(library, chatId, toQuery({})));
  const warm = [1, 2, 3].map(() => timed(() => computeChatStats(library, chatId, toQuery({}))));
  library.sqlite.prepare('DELETE FROM stats_cache').run();
  const refresh = timed(() => refreshChatStats(library, chatId));
  const json = library.sqlite.prepare('SELECT length(json) FROM stats_cache').pluck().get() as number;
  library.close();

  // Read back as the app does on open: a fresh connection, then the store.
  const open = timed(() => openLibrary({ path }));
  const reopened = open.value;
  const firstRead = timed(() => getChatStats(reopened, chatId));
  const reads = Array.from({ length: 20 }, () => timed(() => getChatStats(reopened, chatId)).wall).sort(
    (a, b) => a - b,
  );
  const year = timed(() => getChatStats(reopened, chatId, { from: '2021-01-01', to: '2021-12-31' }));
  const author = timed(() => getChatStats(reopened, chatId, { author: cold.value.people[0]!.name }));
  reopened.close();

  const { totals, people, activity, languages } = cold.value;
  const n = (x: number) => x.toLocaleString('en');
  console.log(
    `chat: ${n(totals.messages)} messages by ${people.length} people over ${n(activity.calendarDays)} days, ` +
      `${n(totals.words)} words, ${n(totals.emoji)} emoji, ${n(totals.links)} links; ` +
      `languages ${languages.detected.map((l) => `${l.code} ${(l.share * 100).toFixed(0)}%`).join(', ')}`,
  );
  console.log(`cold compute (first call in the process)  ${both(cold)}   [target < 1500 ms]`);
  console.log(`warm compute                              ${warm.map(both).join(', ')}`);
  console.log(
    `compute + store (refreshChatStats)        ${both(refresh)}   (stored JSON ${(json / 1024).toFixed(0)} KB)`,
  );
  console.log(`open the library                          ${both(open)}`);
  console.log(
    `read back from the store                  first ${both(firstRead)}, then median ${ms(reads[10]!)}, max ${ms(reads.at(-1)!)}   [target < 50 ms]`,
  );
  console.log(
    `on demand: one year (${n(year.value.totals.messages)} messages) ${both(year)}; one author ${both(author)}`,
  );
  console.log(`RSS: ${mb(rssBefore / 1024)} before computing, peak ${mb(process.resourceUsage().maxRSS)}`);
}

if (values.measure) {
  measure(values.measure);
} else {
  const total = Number(values.messages);
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'relivchats-bench-stats-'));
  const path = join(dir, 'library.sqlite');
  try {
    if (!existsSync(path)) {
      const { ms: genMs } = generate(path, total);
      console.log(
        `generated ${total.toLocaleString('en')} messages in ${(genMs / 1000).toFixed(1)} s (${path})`,
      );
    } else console.log(`reusing ${path}`);
    const script = fileURLToPath(import.meta.url);
    const root = join(dirname(script), '..');
    let argv = ['--import', 'tsx', script];
    if (!values.tsx) {
      // Inside the project, so that the bundle finds node_modules and migrations/ as the sources do.
      const bundle = join(root, 'node_modules', '.cache', 'relivchats-bench', 'stats.mjs');
      await build({
        entryPoints: [script],
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        tsconfig: join(root, 'tsconfig.node.json'),
        outfile: bundle,
        logLevel: 'warning',
      });
      argv = [bundle];
    }
    console.log(`measuring ${values.tsx ? 'under tsx' : 'the bundled code (esbuild)'} in a fresh process`);
    const child = spawn(process.execPath, [...argv, '--measure', path], { stdio: 'inherit' });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    process.exitCode = code;
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench:stats [-- --messages N] [-- --keep DIR]`: generates a group chat (1,000,000 messages by
 * default; deterministic) into a temporary library, then, in a fresh process so that peak RSS is the
 * statistics' own, measures: the cold computation (first call in the process), a warm one, storing, and
 * reading them back from the store. Issue 3's targets: cold < 1.5 s, read back < 50 ms.
 *
 * The chat: 24 members of very different activity, English and Spanish (some people write both), emoji
 * (skin tones, ZWJ families, flags), links, media of every kind, deleted/edited messages, locations, polls,
 * members added/joining/leaving/removed, conversations in bursts separated by silences of minutes to weeks,
 * more in the evening than at night.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openLibrary } from '../src-main/db/open';
import type { ParsedMessage } from '../src-main/import/parser/types';
import { ChatWriter } from '../src-main/import/writer';
import { computeChatStats } from '../src-main/stats/compute';
import { getChatStats, refreshChatStats, toQuery } from '../src-main/stats/store';
import { parseWallClock, type MediaType } from '../src-shared/messages';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    keep: { type: 'string' },
    measure: { type: 'string' },
  },
});

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const rand = prng(20240601);
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

function measure(path: string): void {
  const library = openLibrary({ path });
  const chatId = library.sqlite.prepare('SELECT id FROM chats').pluck().get() as number;
  const rssBefore = process.memoryUsage().rss;
  let t = performance.now();
  const cold = computeChatStats(library, chatId, toQuery({}));
  const coldMs = performance.now() - t;
  t = performance.now();
  computeChatStats(library, chatId, toQuery({}));
  const warmMs = performance.now() - t;
  library.sqlite.prepare('DELETE FROM stats_cache').run();
  t = performance.now();
  refreshChatStats(library, chatId);
  const refreshMs = performance.now() - t;
  const json = library.sqlite.prepare('SELECT length(json) FROM stats_cache').pluck().get() as number;
  library.close();

  // Read back as the app does on open: a fresh connection, then the store.
  t = performance.now();
  const reopened = openLibrary({ path });
  const openMs = performance.now() - t;
  t = performance.now();
  getChatStats(reopened, chatId);
  const firstReadMs = performance.now() - t;
  const reads: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    getChatStats(reopened, chatId);
    reads.push(performance.now() - t);
  }
  reads.sort((a, b) => a - b);
  t = performance.now();
  const filtered = getChatStats(reopened, chatId, { from: '2021-01-01', to: '2021-12-31' });
  const filteredMs = performance.now() - t;
  t = performance.now();
  getChatStats(reopened, chatId, { author: cold.people[0]!.name });
  const authorMs = performance.now() - t;
  reopened.close();

  const { totals } = cold;
  console.log(
    `chat: ${totals.messages.toLocaleString('en')} messages by ${cold.people.length} people, ${cold.activity.calendarDays} days, ${totals.words.toLocaleString('en')} words, ${totals.emoji.toLocaleString('en')} emoji, ${totals.links.toLocaleString('en')} links; languages ${cold.languages.detected.map((l) => `${l.code} ${(l.share * 100).toFixed(0)}%`).join(', ')}`,
  );
  console.log(`cold compute (first call in the process) ${ms(coldMs)}   [target < 1500 ms]`);
  console.log(`warm compute                           ${ms(warmMs)}`);
  console.log(
    `compute + store (refreshChatStats)     ${ms(refreshMs)}   (stored JSON ${(json / 1024).toFixed(0)} KB)`,
  );
  console.log(`open library                           ${ms(openMs)}`);
  console.log(
    `read back from the store: first ${ms(firstReadMs)}, median ${ms(reads[10]!)}, max ${ms(reads.at(-1)!)}   [target < 50 ms]`,
  );
  console.log(
    `filtered on demand: one year (${filtered.totals.messages.toLocaleString('en')} messages) ${ms(filteredMs)}, one author ${ms(authorMs)}`,
  );
  console.log(`RSS: before ${mb(rssBefore / 1024)}, peak ${mb(process.resourceUsage().maxRSS)}`);
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
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--measure', path], {
      stdio: 'inherit',
    });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    process.exitCode = code;
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

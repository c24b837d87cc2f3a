/**
 * Writes realistic WhatsApp Android exports (24-hour, day/month/year) for end-to-end tests and
 * measurements: conversations in bursts, replies, emoji, links, questions, media, deleted and edited
 * messages, multi-line texts. Deterministic for a seed.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Every other export format (iOS, locales, 12-hour clocks, calendars) and property-test arbitraries. */
export * from './export-formats';

export interface ExportOptions {
  messages: number;
  people?: string[];
  /** Wall-clock start, `YYYY-MM-DDTHH:MM`. */
  start?: string;
  seed?: number;
  /** Media lines name these files (`IMG-… (file attached)`) round-robin; otherwise `<Media omitted>`. */
  attachments?: string[];
  /** A group: adds the creation and joins/leaves as system messages. */
  group?: boolean;
  /**
   * The chat length that sets how long silences are (default `messages`). Two exports with the same seed
   * and pace share their first messages: the longer one is a newer export of the shorter.
   */
  pace?: number;
}

const WORDS = (
  'the a to and you I it is that of in for on we this be have are not with just so but what like do can ' +
  'dinner tomorrow tonight morning coffee movie weekend trip beach train home work call later today ' +
  'love miss great sounds perfect maybe sure yes no okay haha really amazing funny tired hungry sleep ' +
  'pizza pasta sushi tea wine music song concert book photo picture plan idea train bus city park ' +
  'mum dad sister brother friends party birthday gift holiday summer winter rain sun snow walk run'
).split(' ');
const PHRASES = [
  'Are you home yet',
  'Running a bit late, sorry',
  'Dinner at eight?',
  'That sounds perfect',
  'Haha no way',
  'I miss you',
  'Did you see the game last night',
  'Can you call me when you are free',
  'Just got to the station',
  'Good morning!',
  'Sleep well',
  'Coffee tomorrow?',
  'The train is delayed again',
  'I found the book you told me about',
  'Happy birthday!! Have the best day',
  'We should go back to that little place by the beach',
  'Send me the photos from the weekend',
  'On my way',
  'Thank you so much',
  'What time does the movie start',
  'Mum says hi',
  'Let me know when you land',
  'That was amazing',
  'I am so tired today',
  'Pizza or sushi tonight?',
  'See you soon',
  'Okay',
  'Yes!',
  'Love this song',
  'How was the interview',
];
const EMOJI = ['😂', '❤️', '👍', '😊', '🙈', '🎉', '😍', '🙏', '😅', '👨‍👩‍👧', '🇵🇹', '👍🏽', '🔥', '😴'];
const LINKS = [
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  'https://maps.google.com/?q=Lisbon',
  'https://en.wikipedia.org/wiki/Otter',
  'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC',
];

/** mulberry32: a small deterministic PRNG (numbers in [0, 1)). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `DD/MM/YYYY, HH:MM` for wall-clock seconds. */
function header(ts: number): string {
  const d = new Date(ts * 1000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The export's lines, one message (possibly several lines) at a time. */
export function* exportLines(options: ExportOptions): Generator<string> {
  const random = rng(options.seed ?? 7);
  const people = options.people ?? ['Alex Morgan', 'Sam Rivera'];
  let ts = Date.parse(`${options.start ?? '2021-03-14T08:00'}:00Z`) / 1000;
  let speaker = 0;
  const quiet = Math.min(1, 20_000 / (options.pace ?? options.messages));
  let attachment = 0;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const sentence = () => {
    const n = 2 + Math.floor(random() * random() * 16);
    const words = Array.from({ length: n }, () => pick(WORDS));
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    return words.join(' ');
  };

  yield `${header(ts)} - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.`;
  if (options.group) {
    yield `${header(ts)} - ${people[0]} created group "Weekend plans"`;
    for (const p of people.slice(1)) yield `${header(ts)} - ${people[0]} added ${p}`;
  }
  for (let i = 0; i < options.messages; i += 1) {
    // Bursts: most messages follow within minutes; now and then a new conversation hours or days later.
    if (random() < 0.12) {
      // Long chats are busier: their silences shrink so a million messages span years, not centuries.
      ts += Math.floor(1800 + random() * random() * 3 * 86400 * quiet);
      const hour = new Date(ts * 1000).getUTCHours();
      if (hour < 7 && random() < 0.85) ts += (7 - hour) * 3600 + Math.floor(random() * 5 * 3600);
    } else ts += Math.floor(5 + random() * random() * 600);
    if (random() < 0.62) speaker = (speaker + 1 + Math.floor(random() * (people.length - 1))) % people.length;
    const who = people[speaker]!;
    const r = random();
    let body: string;
    if (r < 0.035) {
      const files = options.attachments ?? [];
      body = files.length > 0 ? `${files[attachment++ % files.length]} (file attached)` : '<Media omitted>';
    } else if (r < 0.042) body = 'This message was deleted';
    else if (r < 0.06) body = `${pick(['Look', 'This one', 'Haha'])} ${pick(LINKS)}`;
    else if (r < 0.07) body = `${sentence()}\n${sentence()}`;
    else {
      body = random() < 0.55 ? pick(PHRASES) : sentence();
      if (random() < 0.18) body += '?';
      if (random() < 0.22) body += ` ${pick(EMOJI)}${random() < 0.3 ? pick(EMOJI) : ''}`;
      if (random() < 0.01) body += ' <This message was edited>';
    }
    yield `${header(ts)} - ${who}: ${body}`;
    if (options.group && random() < 0.0015) {
      const p = pick(people.slice(1));
      yield `${header(ts)} - ${p} left`;
      yield `${header(ts + 60)} - ${people[0]} added ${p}`;
      ts += 60;
    }
  }
}

export function exportText(options: ExportOptions): string {
  return `${[...exportLines(options)].join('\n')}\n`;
}

/** Writes a large export to a file without holding it in memory; returns its size in bytes. */
export async function writeExport(path: string, options: ExportOptions): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let chunk: string[] = [];
  const flush = async () => {
    const text = `${chunk.join('\n')}\n`;
    chunk = [];
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const line of exportLines(options)) {
    chunk.push(line);
    if (chunk.length >= 5000) await flush();
  }
  if (chunk.length > 0) await flush();
  out.end();
  await once(out, 'finish');
  return bytes;
}

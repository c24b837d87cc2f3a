/**
 * Conversation-aware chunking: a chat becomes runs of consecutive messages ("conversations") that are cut
 * at silences, at topic turns and at a token budget, then rendered with speaker labels and times. Pure and
 * deterministic: the same messages always give the same chunks, and a decision to cut between two messages
 * looks at most TOPIC_WINDOW messages ahead, so appending messages to a chat changes only its last chunks.
 */
import { deu, eng, fra, ita, nld, por, spa } from 'stopword';
import { formatWallClock, type MessageKind } from '../../src-shared/messages';

export interface SourceMessage {
  id: number;
  seq: number;
  /** Wall-clock seconds. */
  ts: number;
  authorId: number | null;
  author: string | null;
  kind: MessageKind;
  subtype: string | null;
  text: string;
  /** The attachment's file name, if any. */
  attachment: string | null;
}

export interface ChunkingOptions {
  /** A chunk's estimated tokens stay within this (a longer single message is cut to it). */
  maxTokens: number;
  /** Below this a chunk is only cut at a long silence. */
  minTokens: number;
  /** Silences (seconds): always cut / cut unless the chunk is tiny / cut once the chunk has minTokens. */
  breakGap: number;
  longGap: number;
  shortGap: number;
  /** A topic turn needs at least this pause (seconds) and a lexical cohesion below `topicCohesion`. */
  topicGap: number;
  topicCohesion: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = {
  maxTokens: 384,
  minTokens: 64,
  breakGap: 12 * 3600,
  longGap: 2 * 3600,
  shortGap: 30 * 60,
  topicGap: 5 * 60,
  topicCohesion: 0.06,
};

/** Messages on each side of a candidate cut compared for a topic turn. */
export const TOPIC_WINDOW = 6;
const TINY_TOKENS = 24;
/** About Gemini's rule of thumb (4 characters a token), like the insights context. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export interface ChunkSpan {
  /** Indexes into the messages given to `planChunks`, inclusive. */
  from: number;
  to: number;
}

/** Whether a message carries conversation (system notices and deleted messages do not). */
export const isConversational = (kind: MessageKind) => kind !== 'system' && kind !== 'deleted';

/** The body of a message as it reads in a chunk: media and locations become short markers. */
export function messageBody(m: Pick<SourceMessage, 'kind' | 'subtype' | 'text' | 'attachment'>): string {
  const text = m.text.trim();
  if (m.kind === 'media') return text ? `(${m.subtype ?? 'media'}) ${text}` : `(${m.subtype ?? 'media'})`;
  if (m.kind === 'location') return text ? `(location) ${text}` : '(location)';
  if (m.kind === 'poll') return `(poll) ${text}`;
  return m.attachment && !text.includes(m.attachment) ? `(attachment) ${text}`.trim() : text;
}

const STOPWORDS = new Set([eng, deu, fra, ita, nld, por, spa].flat().map((w) => w.toLowerCase()));

/** Content-word stems of a text (folded, stopwords out, first 5 letters), for lexical cohesion. */
export function contentStems(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]{3,}/gu);
  return (words ?? []).filter((w) => !STOPWORDS.has(w)).map((w) => w.slice(0, 5));
}

function cohesion(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 1 : dot / Math.sqrt(na * nb);
}

function bag(stems: (i: number) => string[], from: number, to: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = Math.max(0, from); i <= to; i++) {
    for (const s of stems(i)) out.set(s, (out.get(s) ?? 0) + 1);
  }
  return out;
}

/**
 * Where to cut: `messages` are the conversational messages of a chat in order, `tokens[i]` the estimated
 * cost of message i's rendered line. Greedy left to right, so earlier chunks never depend on later text
 * beyond the topic window.
 */
export function planChunks(
  messages: readonly Pick<SourceMessage, 'ts' | 'text'>[],
  tokens: readonly number[],
  options: ChunkingOptions = DEFAULT_CHUNKING,
): ChunkSpan[] {
  const spans: ChunkSpan[] = [];
  if (messages.length === 0) return spans;
  // Stems are only needed around pauses that may be a turn of topic: computed on demand.
  const cache: (string[] | undefined)[] = new Array(messages.length);
  const stems = (i: number) => (cache[i] ??= contentStems(messages[i]!.text));
  let from = 0;
  let used = tokens[0]!;
  for (let i = 1; i < messages.length; i++) {
    const gap = messages[i]!.ts - messages[i - 1]!.ts;
    const cost = tokens[i]!;
    let cut = false;
    if (gap >= options.breakGap) cut = true;
    else if (used + cost > options.maxTokens) cut = true;
    else if (gap >= options.longGap) cut = used >= TINY_TOKENS;
    else if (used >= options.minTokens) {
      if (gap >= options.shortGap) cut = true;
      else if (gap >= options.topicGap) {
        // A turn of topic: the words just before the pause share little with the words just after it.
        let end = i;
        while (end + 1 < messages.length && end - i + 1 < TOPIC_WINDOW) {
          if (messages[end + 1]!.ts - messages[end]!.ts >= options.longGap) break;
          end++;
        }
        const before = bag(stems, Math.max(from, i - TOPIC_WINDOW), i - 1);
        const after = bag(stems, i, end);
        const words = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
        cut = words(before) >= 4 && words(after) >= 4 && cohesion(before, after) < options.topicCohesion;
      }
    }
    if (cut) {
      spans.push({ from, to: i - 1 });
      from = i;
      used = 0;
    }
    used += cost;
  }
  spans.push({ from, to: messages.length - 1 });
  return spans;
}

/** How a chunk names people and cleans texts before they leave the computer. */
export interface ChunkRenderer {
  /** A speaker label for an author (e.g. "Person A"); null author = a notice. */
  label(author: string | null): string;
  /** The text as it may be sent (names replaced, contacts redacted). */
  clean(text: string): string;
}

const hhmm = (ts: number) => formatWallClock(ts).slice(11, 16);
const day = (ts: number) => formatWallClock(ts).slice(0, 10);

/** One message's line: `HH:MM Label: body`, continuation lines indented; cut to `maxChars`. */
export function renderLine(m: SourceMessage, renderer: ChunkRenderer, maxChars: number): string {
  let body = renderer.clean(messageBody(m)).replace(/\s*\n\s*/g, '\n  ');
  if (body.length > maxChars) body = `${body.slice(0, maxChars)}…`;
  return `${hhmm(m.ts)} ${renderer.label(m.author)}: ${body}`;
}

/** A chunk's text: a date line, then one line per message, a new date line whenever the day changes. */
export function renderChunk(lines: readonly { ts: number; line: string }[]): string {
  const out: string[] = [];
  let lastDay = '';
  for (const { ts, line } of lines) {
    const d = day(ts);
    if (d !== lastDay) out.push(d);
    lastDay = d;
    out.push(line);
  }
  return out.join('\n');
}

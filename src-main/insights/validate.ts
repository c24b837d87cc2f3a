/**
 * Checking what the model answered: JSON, then the insight's zod schema, then every quote against the
 * context it was given — the message id must be one of the excerpts and the quote must be found in that
 * message (compared after normalising case, spacing, quote marks and ellipses). Invented quotes are dropped;
 * an item left without evidence is dropped; if that breaks the schema or most quotes were invented, the
 * answer is rejected (and the caller retries). Accepted quotes are restored to the chat's own words.
 */
import type { z } from 'zod';
import type { EvidenceView } from '../../src-shared/insights/types';
import { formatWallClock } from '../../src-shared/messages';
import type { InsightContext, SentMessage } from './context';
import { restoreNames, restoreSlice } from './privacy';

export class InvalidOutputError extends Error {
  constructor(
    readonly reason: 'not-json' | 'schema' | 'ungrounded' | 'truncated' | 'empty',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidOutputError';
  }
}

/** Lower case, one kind of quote mark, ellipses as '...', every run of spaces as one; with an index map. */
function normalise(text: string): { text: string; map: number[] } {
  let out = '';
  const map: number[] = [];
  let space = false;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const width = ch.length;
    let piece: string;
    if (/\s/u.test(ch)) {
      if (!space && out.length > 0) {
        out += ' ';
        map.push(i);
      }
      space = true;
      i += width;
      continue;
    }
    space = false;
    if (/['‘’‛`´]/u.test(ch)) piece = "'";
    else if (/["“”„«»]/u.test(ch)) piece = '"';
    else if (ch === '…') piece = '...';
    else piece = ch.normalize('NFKC').toLowerCase();
    for (const c of piece) {
      out += c;
      map.push(i);
    }
    i += width;
  }
  if (out.endsWith(' ')) {
    out = out.slice(0, -1);
    map.pop();
  }
  return { text: out, map };
}

/**
 * Where a quote is in a message, as [start, end) in the message's (pseudonymised) text, or null. Quote marks
 * and ellipses around the quote are ignored; "a ... b" matches when both parts appear in that order.
 */
export function locateQuote(message: string, quote: string): [number, number] | null {
  const hay = normalise(message);
  const parts = normalise(quote)
    .text.replace(/^["'\s.]+|["'\s.]+$/g, '')
    .split(/\s*\.\.\.\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) return null;
  let from = 0;
  let start = -1;
  let end = -1;
  for (const part of parts) {
    const at = hay.text.indexOf(part, from);
    if (at < 0) return null;
    if (start < 0) start = at;
    end = at + part.length;
    from = end;
  }
  const last = hay.map[end - 1]!;
  return [hay.map[start]!, last + (message.codePointAt(last)! > 0xffff ? 2 : 1)];
}

interface Counted {
  total: number;
  kept: number;
}

const isEvidence = (v: unknown): v is { messageId: unknown; quote: unknown } =>
  !!v && typeof v === 'object' && 'messageId' in v && 'quote' in v;

/**
 * Drops evidence not found in the context, and items (of arrays) whose evidence became empty; restores
 * the accepted quotes. Returns the pruned value.
 */
function ground(value: unknown, messages: Map<number, SentMessage>, counted: Counted): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (isEvidence(item)) {
        counted.total++;
        const view = checkEvidence(item, messages);
        if (view) {
          counted.kept++;
          out.push(view);
        }
        continue;
      }
      const before = evidenceCount(item);
      const pruned = ground(item, messages, counted);
      // An item that cited evidence and kept none is unsupported: drop it.
      if (before > 0 && evidenceCount(pruned) === 0) continue;
      out.push(pruned);
    }
    return out;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ground(v, messages, counted)]));
  }
  return value;
}

function evidenceCount(value: unknown): number {
  if (Array.isArray(value))
    return value.reduce((n: number, v) => n + (isEvidence(v) ? 1 : evidenceCount(v)), 0);
  if (value && typeof value === 'object')
    return Object.values(value).reduce((n: number, v) => n + evidenceCount(v), 0);
  return 0;
}

function checkEvidence(
  item: { messageId: unknown; quote: unknown },
  messages: Map<number, SentMessage>,
): EvidenceView | null {
  if (typeof item.messageId !== 'number' || typeof item.quote !== 'string') return null;
  const message = messages.get(item.messageId);
  if (!message) return null;
  const at = locateQuote(message.text, item.quote);
  if (!at) return null;
  const quote = restoreSlice({ text: message.text, replacements: message.replacements }, at[0], at[1]);
  return {
    messageId: message.id,
    quote,
    seq: message.seq,
    at: formatWallClock(message.ts),
    author: message.author,
  };
}

export interface Validated {
  result: unknown;
  quotes: { total: number; kept: number };
}

/**
 * Validates the model's text for one insight. Throws InvalidOutputError when the answer must be retried.
 * Names in the result are restored; quotes are replaced by the original words of the messages.
 */
export function validateAnswer(
  text: string,
  schema: z.ZodType,
  context: Pick<InsightContext, 'messages' | 'legend' | 'placeholders'>,
): Validated {
  if (text.trim() === '') throw new InvalidOutputError('empty', 'The model returned nothing.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidOutputError('not-json', 'The model did not return valid JSON.');
  }
  return validateValue(json, schema, context);
}

/** validateAnswer for an answer already parsed from JSON. */
export function validateValue(
  json: unknown,
  schema: z.ZodType,
  context: Pick<InsightContext, 'messages' | 'legend' | 'placeholders'>,
): Validated {
  const first = schema.safeParse(json);
  if (!first.success) {
    throw new InvalidOutputError(
      'schema',
      `The answer does not follow the schema: ${first.error.issues[0]?.message ?? ''}`,
    );
  }
  const messages = new Map(context.messages.map((m) => [m.id, m]));
  const counted: Counted = { total: 0, kept: 0 };
  const grounded = ground(first.data, messages, counted);
  if (counted.total > 0 && counted.kept * 2 < counted.total) {
    throw new InvalidOutputError(
      'ungrounded',
      `${counted.total - counted.kept} of ${counted.total} quotes were not found in the excerpts.`,
    );
  }
  // Dropping invented quotes must leave a valid insight (e.g. at least one item with evidence).
  const second = schema.safeParse(stripViews(grounded));
  if (!second.success) {
    throw new InvalidOutputError(
      'ungrounded',
      `Too little evidence was left after removing quotes not found in the excerpts (${counted.total - counted.kept} of ${counted.total}).`,
    );
  }
  const restore = (s: string) => restoreNames(s, context.legend, context.placeholders);
  // Quotes are already the chat's own words; restore names everywhere else.
  return { result: restoreStrings(grounded, restore), quotes: counted };
}

/** Evidence views back to the schema's shape (the extra fields would fail a strict re-check otherwise). */
function stripViews(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripViews);
  if (isEvidence(value)) return { messageId: value.messageId, quote: value.quote };
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripViews(v)]));
  return value;
}

/** Restores names in every string except evidence quotes (already restored from the message itself). */
function restoreStrings(value: unknown, restore: (s: string) => string): unknown {
  if (typeof value === 'string') return restore(value);
  if (Array.isArray(value)) return value.map((v) => restoreStrings(v, restore));
  if (isEvidence(value)) return value;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreStrings(v, restore)]));
  return value;
}

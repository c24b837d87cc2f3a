/**
 * The context of one insight: the pseudonymised text sent to the model (statistics and excerpts, each
 * message tagged with its id) plus what is needed locally to check and restore the answer. Built once per
 * job and stored, so the preview, the first run, a resumed run and a retry all send exactly the same text.
 */
import type { ChatSummary } from '../../src-shared/api/library';
import { formatWallClock } from '../../src-shared/messages';
import type { PersonAlias, Pseudonymiser, Replacement } from './privacy';

/** One message as sent: its pseudonymised text and how to restore it. */
export interface SentMessage {
  id: number;
  seq: number;
  ts: number;
  /** The real author, for display only (never sent). */
  author: string | null;
  text: string;
  replacements: Replacement[];
}

export interface InsightContext {
  type: string;
  /** Exactly what is sent after the shared instructions: the task, statistics and excerpts. */
  text: string;
  messages: SentMessage[];
  /** Estimated tokens of `text` (characters / 4, as Gemini's own rule of thumb). */
  tokens: number;
  retrieval: 'semantic' | 'lexical';
  /** Local only: who is who, and what each placeholder stands for. */
  legend: PersonAlias[];
  placeholders: Record<string, string>;
}

export interface ContextMessage {
  id: number;
  seq: number;
  ts: number;
  author: string | null;
  text: string;
  kind: string;
  attachment: string | null;
}

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

const minute = (ts: number) => formatWallClock(ts).slice(0, 16).replace('T', ' ');

/** How a message reads in the excerpts; media without a caption become a short marker. */
function body(m: ContextMessage): string {
  if (m.kind === 'deleted') return '(deleted message)';
  if (m.kind === 'media' || m.attachment) return m.text ? `(media) ${m.text}` : '(media)';
  if (m.kind === 'location') return '(location)';
  return m.text;
}

export interface FormatInput {
  chat: Pick<ChatSummary, 'participants' | 'isGroup' | 'firstAt' | 'lastAt' | 'messageCount'>;
  pseudonymiser: Pseudonymiser;
  task: string;
  /** Lines of local statistics, already pseudonymised. */
  statistics: string[];
  /** Conversations (runs of messages) in the order they should appear. */
  conversations: ContextMessage[][];
  retrieval: InsightContext['retrieval'];
  type: string;
}

/** Renders a context: every message line is `[#id] YYYY-MM-DD HH:MM Person X: text`. */
export function formatContext(input: FormatInput): InsightContext {
  const p = input.pseudonymiser;
  const messages: SentMessage[] = [];
  const people = p.people.map((x) => x.pseudonym).join(', ');
  const lines = [
    `Task: ${input.task}`,
    '',
    `Chat: ${input.chat.isGroup ? 'a group chat' : 'a one-to-one chat'} with ${p.people.length} participants ` +
      `(${people}), ${input.chat.messageCount.toLocaleString('en')} messages` +
      (input.chat.firstAt && input.chat.lastAt
        ? ` from ${input.chat.firstAt.slice(0, 10)} to ${input.chat.lastAt.slice(0, 10)}.`
        : '.'),
  ];
  if (input.statistics.length > 0) {
    lines.push(
      '',
      'Statistics over the whole chat (computed locally):',
      ...input.statistics.map((s) => `- ${s}`),
    );
  }
  const shown = input.conversations.filter((c) => c.length > 0);
  const count = shown.reduce((n, c) => n + c.length, 0);
  lines.push('', `Excerpts (${shown.length} conversations, ${count} messages, chosen for this task):`);
  for (const conversation of shown) {
    lines.push('', `--- ${formatWallClock(conversation[0]!.ts).slice(0, 10)} ---`);
    for (const m of conversation) {
      const sent = p.apply(body(m));
      messages.push({ id: m.id, seq: m.seq, ts: m.ts, author: m.author, ...sent });
      const author = p.author(m.author) ?? 'System';
      lines.push(`[#${m.id}] ${minute(m.ts)} ${author}: ${sent.text.replace(/\n/g, '\n    ')}`);
    }
  }
  const text = lines.join('\n');
  return {
    type: input.type,
    text,
    messages,
    tokens: estimateTokens(text),
    retrieval: input.retrieval,
    legend: p.people,
    placeholders: p.placeholders(),
  };
}

/**
 * Fits ranked conversations into a token budget: takes them best first, round-robin across the queries
 * that found them (so every query is represented), until the budget is spent; returns them in time order.
 */
export function fitToBudget(
  rankedPerQuery: ContextMessage[][][],
  budgetTokens: number,
  fixedTokens: number,
): ContextMessage[][] {
  const chosen = new Map<number, ContextMessage[]>();
  const seen = new Set<number>();
  let used = fixedTokens;
  const cursors = rankedPerQuery.map(() => 0);
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (let q = 0; q < rankedPerQuery.length; q++) {
      const list = rankedPerQuery[q]!;
      while (cursors[q]! < list.length) {
        const conversation = list[cursors[q]!++]!.filter((m) => !seen.has(m.id));
        if (conversation.length === 0) continue;
        // Each line costs its text plus the `[#id] date time Person X: ` prefix (about 10 tokens).
        const cost = conversation.reduce((n, m) => n + estimateTokens(m.text) + 10, 4);
        if (used + cost > budgetTokens) continue;
        used += cost;
        for (const m of conversation) seen.add(m.id);
        chosen.set(conversation[0]!.seq, conversation);
        progressed = true;
        break;
      }
    }
  }
  return [...chosen.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
}

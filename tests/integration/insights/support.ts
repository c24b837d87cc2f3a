/** Shared by the insight tests: a seeded couple's chat and a fake-Gemini answer that cites real messages. */
import type { AnswerFunction, GenerateRequestInfo } from '../../support/fake-gemini';
import type { SeedMessage } from '../../support/library';

export const PEOPLE = ['Alex Morgan', 'Sam Rivera'] as const;

const LINES: [number, string][] = [
  [0, 'Good morning Sam! Did you sleep well?'],
  [1, 'Morning Alex ❤️ I slept great, thank you for asking'],
  [0, 'I miss you already, can we spend the weekend together?'],
  [1, 'Yes! Let’s go to the lake like last summer, best day ever'],
  [0, 'I picked up your medicine from the pharmacy, it is on the table'],
  [1, 'You are amazing, I appreciate you so much'],
  [0, 'Why didn’t you answer yesterday? You never text first'],
  [1, 'I’m sorry, I didn’t mean to ignore you, work was crazy'],
  [0, 'It’s fine, I was just worried about you'],
  [1, 'Call me on 07700 900123 when you land'],
  [0, 'hahaha that’s so funny, the goose again 😂'],
  [1, 'The goose is our mascot now, classic'],
  [0, 'I had a terrible day, feeling stressed and sad'],
  [1, 'Are you okay? I’m here for you, want me to come over?'],
  [0, 'Thank you for being there for me, Sam'],
  [1, 'Happy birthday my love! Let’s celebrate tonight'],
  [0, 'Remember when we went to Lisbon? Such a great memory'],
  [1, 'Whatever, fine, I don’t care anymore'],
  [0, 'Can we talk about what happened? I’m upset'],
  [1, 'You’re right, I’m sorry. Let’s make time for each other'],
  [0, 'I bought you a little gift, a book you wanted'],
  [1, 'Can’t wait to hug you tonight'],
  [0, 'Sent you the tickets: https://tickets.example.com/abc and mail me at alex.morgan@example.com'],
  [1, 'Proud of you, you did it! First marathon finished'],
];

/** `count` messages over about two months, alternating moods; deterministic. */
export function coupleChat(count = 240): SeedMessage[] {
  const start = Date.UTC(2024, 0, 1, 8, 0) / 1000;
  return Array.from({ length: count }, (_, i) => {
    const [who, text] = LINES[i % LINES.length]!;
    // A few messages a day, a silence every so often so the chat splits into conversations.
    const ts = start + Math.floor(i / 6) * 86_400 + (i % 6) * 240 + (i % 12 === 0 ? 7200 : 0);
    return {
      at: new Date(ts * 1000).toISOString().slice(0, 19),
      author: PEOPLE[who]!,
      text: i >= LINES.length ? `${text}${i % 5 === 0 ? ' x' : ''}` : text,
    };
  });
}

export interface ContextLine {
  id: number;
  author: string;
  text: string;
}

/** The excerpt lines of an insight prompt: `[#id] YYYY-MM-DD HH:MM Person X: text`. */
export function contextLines(prompt: string): ContextLine[] {
  const out: ContextLine[] = [];
  for (const m of prompt.matchAll(/^\[#(\d+)\] \d{4}-\d{2}-\d{2} \d{2}:\d{2} ([^:]+): (.*)$/gm)) {
    out.push({ id: Number(m[1]), author: m[2]!, text: m[3]! });
  }
  return out;
}

/** Replaces every {messageId, quote} in a value by a real quote from `lines` (or an invented one). */
export function cite(value: unknown, lines: ContextLine[], invent = false, counter = { n: 0 }): unknown {
  if (Array.isArray(value)) return value.map((v) => cite(v, lines, invent, counter));
  if (value && typeof value === 'object') {
    if ('messageId' in value && 'quote' in value) {
      const line = lines[counter.n++ % Math.max(1, lines.length)];
      if (invent || !line) return { messageId: 999_999_999, quote: 'We went skydiving in Peru' };
      return { messageId: line.id, quote: line.text.split(' ').slice(0, 4).join(' ') };
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        // Who a part is about: the participants as the model knows them.
        k === 'person' || k === 'supporter'
          ? `Person ${'AB'[counter.n++ % 2]}`
          : cite(v, lines, invent, counter),
      ]),
    );
  }
  if (typeof value === 'string' && value.startsWith('Sample')) return `Person A and Person B: ${value}`;
  return value;
}

/** A fake model that answers every insight with schema-valid JSON citing real messages of its context. */
export const groundedAnswer: AnswerFunction = (request: GenerateRequestInfo) =>
  cite(request.sample(), contextLines(request.prompt));

/** Like groundedAnswer, but every quote is invented. */
export const inventedAnswer: AnswerFunction = (request) => cite(request.sample(), [], true);

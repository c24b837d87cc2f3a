/**
 * What an insight looks like: one zod schema per renderer. The model answers in this shape (Gemini
 * structured output, from `z.toJSONSchema`), the backend validates it, the UI renders it. Schemas stay in
 * Gemini's supported JSON-Schema subset: objects, arrays, strings, numbers, enums, bounds, descriptions — no
 * unions, no nullables, no patterns (see json-schema.ts).
 */
import { z } from 'zod';

/** A quote the insight rests on: copied verbatim from one message of the context it was given. */
export const Evidence = z.object({
  messageId: z.number().int().describe('The number in [#…] before the message the quote comes from.'),
  quote: z
    .string()
    .min(1)
    .describe('Words copied exactly from that message (a short part of it is fine). Never paraphrase.'),
});
export type Evidence = z.infer<typeof Evidence>;

const evidence = (max = 3) =>
  z.array(Evidence).min(1).max(max).describe('Quotes from the excerpts that show this.');

const person = z
  .string()
  .min(1)
  .describe('The participant, written exactly as in the excerpts, e.g. "Person A".');
const summary = z.string().min(1).describe('Two to four sentences, warm and concrete.');
const score10 = (what: string) => z.number().min(0).max(10).describe(what);

/** A titled observation with its evidence: the building block of most insights. */
const Finding = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  evidence: evidence(),
});
export type Finding = z.infer<typeof Finding>;

export const CommunicationResult = z.object({
  summary,
  people: z
    .array(
      z.object({
        person,
        style: z.string().min(1).describe('How this person writes and engages, in one or two sentences.'),
        traits: z.array(z.string().min(1)).min(1).max(4).describe('Short labels, e.g. "playful".'),
        effort: z
          .number()
          .min(0)
          .max(100)
          .describe("This person's share of the conversational effort, in percent."),
        evidence: evidence(2),
      }),
    )
    .min(1)
    .max(12),
  balance: z.object({
    score: z.number().min(0).max(100).describe('100 = perfectly reciprocal, 0 = entirely one-sided.'),
    explanation: z.string().min(1),
  }),
  patterns: z.array(Finding).min(1).max(4),
});

export const LOVE_LANGUAGES = ['words', 'time', 'service', 'gifts', 'touch'] as const;
export const LOVE_LANGUAGE_LABELS: Record<(typeof LOVE_LANGUAGES)[number], string> = {
  words: 'Words of affirmation',
  time: 'Quality time',
  service: 'Acts of service',
  gifts: 'Gifts',
  touch: 'Physical touch',
};

export const LoveLanguagesResult = z.object({
  summary,
  people: z
    .array(
      z.object({
        person,
        primary: z.enum(LOVE_LANGUAGES).describe('The way this person most often shows care.'),
        scores: z
          .object({
            words: score10('Words of affirmation, 0–10.'),
            time: score10('Quality time, 0–10.'),
            service: score10('Acts of service, 0–10.'),
            gifts: score10('Gifts, 0–10.'),
            touch: score10('Physical touch (as mentioned in the chat), 0–10.'),
          })
          .describe('How strongly each way of showing care appears in what this person writes.'),
        evidence: evidence(3),
      }),
    )
    .min(1)
    .max(12),
  fit: z.string().min(1).describe('Where the ways of giving and receiving care match or miss.'),
});

export const HORSEMEN = ['criticism', 'contempt', 'defensiveness', 'stonewalling'] as const;
export const HORSEMEN_LABELS: Record<(typeof HORSEMEN)[number], string> = {
  criticism: 'Criticism',
  contempt: 'Contempt',
  defensiveness: 'Defensiveness',
  stonewalling: 'Stonewalling',
};

export const ConflictResult = z.object({
  summary,
  horsemen: z
    .array(
      z.object({
        kind: z.enum(HORSEMEN),
        level: score10('How present it is, 0 = absent, 10 = pervasive.'),
        description: z.string().min(1),
        evidence: z.array(Evidence).max(3).describe('Quotes that show it; empty when it is absent.'),
      }),
    )
    .min(1)
    .max(4)
    .describe("Gottman's four horsemen, one entry each."),
  triggers: z.array(Finding).max(4).describe('Recurring topics or situations that lead to friction.'),
  repair: z.object({
    score: score10('How well they repair after friction (apologies, humour, reassurance), 0–10.'),
    description: z.string().min(1),
    evidence: z.array(Evidence).max(3),
  }),
});

export const SupportResult = z.object({
  summary,
  people: z
    .array(
      z.object({
        person,
        gives: score10('How much support this person offers, 0–10.'),
        receives: score10('How much support this person gets, 0–10.'),
        style: z.string().min(1).describe('How this person comforts or helps.'),
      }),
    )
    .min(1)
    .max(12),
  moments: z
    .array(
      z.object({
        title: z.string().min(1),
        supporter: person,
        description: z.string().min(1),
        evidence: evidence(),
      }),
    )
    .min(1)
    .max(5),
});

export const HumourResult = z.object({
  summary,
  styles: z
    .array(z.object({ person, style: z.string().min(1), evidence: evidence(2) }))
    .min(1)
    .max(12),
  insideJokes: z
    .array(
      z.object({
        joke: z.string().min(1).describe('The running joke, phrase or nickname.'),
        meaning: z.string().min(1).describe('Where it comes from and what it stands for.'),
        evidence: evidence(),
      }),
    )
    .max(6),
});

export const MemoriesResult = z.object({
  summary,
  memories: z
    .array(
      z.object({
        title: z.string().min(1),
        when: z.string().min(1).describe('When it happened, from the excerpt dates, e.g. "May 2023".'),
        description: z.string().min(1),
        evidence: evidence(),
      }),
    )
    .min(1)
    .max(8),
});

export const HealthResult = z.object({
  summary,
  score: z.number().int().min(0).max(100).describe('Overall health of the relationship, 0–100.'),
  dimensions: z
    .array(z.object({ name: z.string().min(1), score: score10('0–10.') }))
    .min(3)
    .max(6)
    .describe('The aspects the score is made of, e.g. warmth, reciprocity, conflict, responsiveness.'),
  greenFlags: z.array(Finding).max(4),
  redFlags: z.array(Finding).max(4),
  advice: z.array(z.string().min(1)).min(1).max(4),
});

export const RolesResult = z.object({
  summary,
  roles: z
    .array(
      z.object({
        person,
        role: z.string().min(1).describe('A short name for the role, e.g. "the organiser".'),
        description: z.string().min(1),
        evidence: evidence(2),
      }),
    )
    .min(1)
    .max(20),
});

export const FindingsResult = z.object({
  summary,
  findings: z.array(Finding).min(1).max(6),
});

/** Renderer id → the shape it renders. The UI has one component per id. */
export const RESULT_SCHEMAS = {
  communication: CommunicationResult,
  'love-languages': LoveLanguagesResult,
  conflict: ConflictResult,
  support: SupportResult,
  humour: HumourResult,
  memories: MemoriesResult,
  health: HealthResult,
  roles: RolesResult,
  findings: FindingsResult,
} as const;

export type RendererId = keyof typeof RESULT_SCHEMAS;
export type InsightResultOf<R extends RendererId> = z.infer<(typeof RESULT_SCHEMAS)[R]>;
export type CommunicationResult = z.infer<typeof CommunicationResult>;
export type LoveLanguagesResult = z.infer<typeof LoveLanguagesResult>;
export type ConflictResult = z.infer<typeof ConflictResult>;
export type SupportResult = z.infer<typeof SupportResult>;
export type HumourResult = z.infer<typeof HumourResult>;
export type MemoriesResult = z.infer<typeof MemoriesResult>;
export type HealthResult = z.infer<typeof HealthResult>;
export type RolesResult = z.infer<typeof RolesResult>;
export type FindingsResult = z.infer<typeof FindingsResult>;

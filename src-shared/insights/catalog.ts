/**
 * The insight catalog: categories a user unlocks, and the six insight types in each. A type says what to
 * ask (prompt), what to look for in the chat (retrieval queries, local statistics), what shape the answer
 * has (a renderer id → zod schema in schemas.ts) and what it costs. Shared by the backend, the UI and the CLI.
 */
import type { z } from 'zod';
import { RESULT_SCHEMAS, type RendererId } from './schemas';

export const CATEGORY_IDS = ['romantic', 'friendship', 'family', 'work', 'group'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** Local statistics an insight's context can include (computed from the library, never by the model). */
export type ContextStat = 'balance' | 'initiations' | 'response-times' | 'activity';

export interface InsightType {
  /** Unique within its category, e.g. 'conflict'. */
  id: string;
  category: CategoryId;
  title: string;
  /** What the user gets, shown before unlocking. */
  description: string;
  renderer: RendererId;
  /** The task given to the model (the shared rules in SYSTEM_INSTRUCTION come first). */
  prompt: string;
  /** Semantic searches that gather this insight's excerpts from the chat. */
  queries: string[];
  stats: ContextStat[];
  /** Coins; the six of a category add up to its price. */
  cost: number;
}

export interface InsightCategory {
  id: CategoryId;
  title: string;
  description: string;
  /** Coins to unlock all six (the credits server's own price table decides what is charged). */
  price: number;
  types: InsightType[];
}

export const INSIGHTS_PER_CATEGORY = 6;
export const CATEGORY_PRICE = 400;
/** Per-type costs in order; they add up to CATEGORY_PRICE. */
const COSTS = [67, 67, 67, 67, 66, 66];

/** Rules every insight prompt starts with. */
export const SYSTEM_INSTRUCTION = [
  'You read excerpts of a private chat export and write one insight about the people in it.',
  'The participants are pseudonymised as "Person A", "Person B" and so on; refer to them only that way.',
  'Phone numbers, e-mail addresses and links were replaced by placeholders such as [phone 1]; leave them as they are.',
  'Each message in the excerpts starts with its id in brackets, e.g. [#1234], then its date, time and author.',
  'Base everything on the excerpts and statistics you are given, nothing else. When the excerpts do not show something, say so plainly rather than guessing.',
  'Every piece of evidence must name the id of one message and copy a short quote from exactly that message, word for word, including its spelling and emoji. Never quote a message you were not given, never merge two messages into one quote, never paraphrase inside a quote.',
  'Write in English, warmly and concretely, like a perceptive friend: no clinical jargon, no moralising, no diagnosis.',
  'Answer with JSON that follows the response schema.',
].join('\n');

type TypeSpec = Omit<InsightType, 'category' | 'cost'>;

// Building blocks reused across categories, each phrased for its relationship.
const communication = (who: string, extra = ''): TypeSpec => ({
  id: 'communication',
  title: 'Communication style and balance',
  description: `How each of you writes, who carries the conversation, and how reciprocal ${who} feels.`,
  renderer: 'communication',
  prompt:
    `Describe how each participant communicates in this ${who}: tone, length and rhythm of messages, ` +
    'questions asked versus statements made, how they open and close conversations, emoji and humour. ' +
    'Estimate each person’s share of the conversational effort (starting topics, keeping them alive, ' +
    'following up) using the statistics as a guide, and score how balanced the exchange is. ' +
    `Name up to four recurring patterns in how they talk to each other.${extra}`,
  queries: [
    'asking how the other person is doing, starting a conversation after a silence',
    'long thoughtful message explaining feelings or plans, or a short dry one-word reply',
    'why didn’t you answer, you never text first',
  ],
  stats: ['balance', 'initiations', 'response-times'],
});

const careLanguages = (who: string, title: string): TypeSpec => ({
  id: 'love-languages',
  title,
  description: `The ways each of you shows care in this ${who} — words, time, help, gifts, closeness — and how they fit.`,
  renderer: 'love-languages',
  prompt:
    `Using the five love languages (words of affirmation, quality time, acts of service, gifts, physical touch) ` +
    `as a lens, find how each participant in this ${who} expresses care in writing and what they seem to ` +
    'appreciate receiving. Score each language 0–10 per person from what the excerpts show, name their primary ' +
    'one, and describe where the ways of giving and receiving match or miss each other.',
  queries: [
    'I appreciate you, proud of you, you are amazing',
    'let’s spend the weekend together, can’t wait to hug you',
    'I picked it up for you, I bought you a little gift',
  ],
  stats: [],
});

const conflict = (who: string): TypeSpec => ({
  id: 'conflict',
  title: 'Conflict patterns',
  description: `How disagreements unfold in this ${who}, read through Gottman's four horsemen, and how you repair.`,
  renderer: 'conflict',
  prompt:
    `Look at the disagreements and tense moments in this ${who} through John Gottman's four horsemen: ` +
    'criticism (attacking the person rather than the behaviour), contempt (mockery, sarcasm, superiority), ' +
    'defensiveness (counter-attacks, excuses, playing the victim) and stonewalling (withdrawing, going silent). ' +
    'Rate each from 0 (absent) to 10 (pervasive) with quotes where present, list recurring triggers, and assess ' +
    'how well they repair afterwards (apologies, humour, reassurance, returning to the topic calmly). Be fair: ' +
    'ordinary friction is not a red flag.',
  queries: [
    'argument, you always do this, you never listen, it’s not my fault',
    'whatever, fine, leave me alone, I don’t want to talk about it',
    'I’m sorry, I didn’t mean it, can we talk about what happened',
  ],
  stats: ['response-times'],
});

const support = (who: string): TypeSpec => ({
  id: 'support',
  title: 'Emotional support',
  description: `Who is there for whom in this ${who}: the hard moments, how you comfort each other, and the balance.`,
  renderer: 'support',
  prompt:
    `Find the moments in this ${who} where someone needed support — stress, sadness, illness, bad news, ` +
    'big decisions — and how the others responded. Score how much support each participant gives and ' +
    'receives (0–10), describe their way of comforting or helping, and tell up to five concrete moments.',
  queries: [
    'I had a terrible day, feeling stressed, sick or sad, bad news',
    'are you okay? I’m here for you, don’t worry, you can do it',
    'thank you for being there for me',
  ],
  stats: ['response-times'],
});

const humour = (who: string): TypeSpec => ({
  id: 'humour',
  title: 'Humour and inside jokes',
  description: `What makes this ${who} laugh: each person's humour and the running jokes only you understand.`,
  renderer: 'humour',
  prompt:
    `Describe the humour in this ${who}: each participant's style (teasing, puns, absurd, memes, self-mockery) ` +
    'and the inside jokes — phrases, nicknames or references that come back and mean something only to them. ' +
    'Explain where each inside joke seems to come from. Only list jokes that really recur in the excerpts.',
  queries: [
    'hahaha that’s so funny, I’m crying laughing 😂',
    'lol that joke again, classic, every single time',
    'silly nickname, meme, stop it',
  ],
  stats: [],
});

const memories = (who: string): TypeSpec => ({
  id: 'memories',
  title: 'Shared memories',
  description: `A timeline of the moments that define this ${who}: trips, firsts, celebrations and milestones.`,
  renderer: 'memories',
  prompt:
    `Build a short timeline of the memorable moments of this ${who}: trips, firsts, celebrations, milestones, ` +
    'plans that came true, moments they later refer back to. Date each one from the excerpt dates and tell ' +
    'it in a sentence or two, as a friend would recall it.',
  queries: [
    'remember when we went there, best day ever, such a great memory',
    'happy birthday, congratulations, first time, finally did it',
    'trip, holiday, travel, flight, we arrived, photos',
  ],
  stats: ['activity'],
});

const health = (who: string, title: string): TypeSpec => ({
  id: 'health',
  title,
  description: `An overall score for this ${who}, the green flags worth keeping and the red flags worth watching.`,
  renderer: 'health',
  prompt:
    `Assess the overall health of this ${who} from the excerpts and statistics: warmth, reciprocity, respect, ` +
    'responsiveness, how conflict is handled, trust. Give a score from 0 to 100 and three to six dimension ' +
    'scores, list green flags (healthy patterns worth keeping) and red flags (patterns worth watching) with ' +
    'quotes, and up to four pieces of kind, practical advice. Do not invent red flags when there are none.',
  queries: [
    'thank you, you make me happy, I trust you',
    'you never, you always, I’m tired of this, why are you ignoring me',
    'let’s make time for each other, plans together',
  ],
  stats: ['balance', 'response-times', 'activity'],
});

const findings = (
  id: string,
  title: string,
  description: string,
  prompt: string,
  queries: string[],
): TypeSpec => ({
  id,
  title,
  description,
  renderer: 'findings',
  prompt: `${prompt} Report up to six findings, each with quotes.`,
  queries,
  stats: ['balance', 'activity'],
});

const roles: TypeSpec = {
  id: 'roles',
  title: 'Roles in the group',
  description: 'Who is the organiser, the entertainer, the peacemaker, the quiet observer…',
  renderer: 'roles',
  prompt:
    'Give each active participant of this group the role they play in it — for example the organiser, the ' +
    'entertainer, the peacemaker, the news-bringer, the quiet observer — with a sentence on how they play it ' +
    'and a quote. Base roles on behaviour in the excerpts and the activity statistics, not on guesses.',
  queries: [
    'who is coming? let’s organise, I’ll book it',
    'hahaha you are hilarious, did you hear the news, look at this',
    'guys calm down, let’s not fight; sorry I’ve been quiet',
  ],
  stats: ['balance', 'initiations'],
};

function category(id: CategoryId, title: string, description: string, specs: TypeSpec[]): InsightCategory {
  if (specs.length !== INSIGHTS_PER_CATEGORY) throw new Error(`category ${id} needs six insight types`);
  return {
    id,
    title,
    description,
    price: CATEGORY_PRICE,
    types: specs.map((spec, i) => ({ ...spec, category: id, cost: COSTS[i]! })),
  };
}

export const CATEGORIES: InsightCategory[] = [
  category('romantic', 'Romantic', 'For a partner: how you talk, love, argue, support and grow together.', [
    communication('relationship'),
    careLanguages('relationship', 'Love languages'),
    conflict('relationship'),
    support('relationship'),
    memories('relationship'),
    health('relationship', 'Relationship health'),
  ]),
  category('friendship', 'Friendship', 'For a friend: the balance, the laughs, the memories and the care.', [
    communication('friendship'),
    humour('friendship'),
    memories('friendship'),
    support('friendship'),
    careLanguages('friendship', 'How you show you care'),
    health('friendship', 'Friendship health'),
  ]),
  category(
    'family',
    'Family',
    'For parents, siblings and relatives: care, tensions, traditions and closeness.',
    [
      communication('family relationship'),
      careLanguages('family relationship', 'How you show you care'),
      conflict('family relationship'),
      support('family relationship'),
      memories('family relationship'),
      health('family relationship', 'Family closeness'),
    ],
  ),
  category(
    'work',
    'Work / Team',
    'For colleagues and teams: collaboration, decisions, friction and recognition.',
    [
      communication('working relationship', ' Focus on clarity, responsiveness and tone in a work setting.'),
      findings(
        'collaboration',
        'Collaboration and decisions',
        'How work gets coordinated, who decides, and where things stall.',
        'Describe how this team coordinates work and takes decisions: who proposes, who decides, who follows ' +
          'up, how tasks are handed over, where things stall or get dropped.',
        [
          'can you take care of this task by Friday, deadline, meeting agenda',
          'let’s decide, what do you think we should do',
          'any update on this? following up; I’ll handle it, done, sent it',
        ],
      ),
      conflict('working relationship'),
      {
        ...support('working relationship'),
        title: 'Recognition and support',
        description: 'Who backs whom up at work: thanks, encouragement and help under pressure.',
      },
      findings(
        'workload',
        'Workload and pressure',
        'Signs of stress, overload and after-hours work, and how the team shares the load.',
        'Look for signs of workload and pressure in this working relationship: stress, overload, urgency, ' +
          'messages at late hours or weekends, and how the load is shared or pushed around.',
        [
          'so much work, I’m overwhelmed, stressed, I can’t do it all',
          'urgent, asap, need this now, working late tonight or at the weekend',
          'take a break, you deserve some rest',
        ],
      ),
      health('working relationship', 'Team health'),
    ],
  ),
  category('group', 'Group', 'For group chats: roles, dynamics, running jokes and the group’s story.', [
    roles,
    {
      ...communication('group'),
      title: 'Group dynamics and balance',
      description: 'Who drives the group, who answers whom, and how evenly the conversation is shared.',
    },
    humour('group'),
    memories('group'),
    findings(
      'circles',
      'Sub-groups and topics',
      'The smaller circles inside the group and the topics that bring everyone together.',
      'Find the smaller circles inside this group (people who mostly talk to each other), the topics that ' +
        'bring everyone in, and the ones that fall flat.',
      [
        'what do you all think? everyone vote, the whole group should come',
        'replying to you two, nobody answered my question',
        'topic everyone got excited about',
      ],
    ),
    health('group', 'Group health'),
  ]),
];

export function findCategory(id: string): InsightCategory | undefined {
  return CATEGORIES.find((c) => c.id === id);
}

export function findInsightType(categoryId: string, typeId: string): InsightType | undefined {
  return findCategory(categoryId)?.types.find((t) => t.id === typeId);
}

export function resultSchema(type: Pick<InsightType, 'renderer'>): z.ZodType {
  return RESULT_SCHEMAS[type.renderer];
}

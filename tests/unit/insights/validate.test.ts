import { describe, expect, it } from 'vitest';
import { RESULT_SCHEMAS } from '../../../src-shared/insights/schemas';
import { parseWallClock } from '../../../src-shared/messages';
import { formatContext, type ContextMessage } from '../../../src-main/insights/context';
import { Pseudonymiser } from '../../../src-main/insights/privacy';
import { InvalidOutputError, locateQuote, validateAnswer } from '../../../src-main/insights/validate';

const msg = (id: number, at: string, author: string, text: string): ContextMessage => ({
  id,
  seq: id - 100,
  ts: parseWallClock(at),
  author,
  text,
  kind: 'text',
  attachment: null,
});

const messages = [
  msg(101, '2024-03-01T09:00', 'Alex Smith', 'Good morning Sam! Did you sleep well?'),
  msg(102, '2024-03-01T09:05', 'Sam Jones', 'I did, thanks Alex ❤️ call me on 07700 900123 later'),
  msg(103, '2024-03-01T09:06', 'Alex Smith', 'Will do. “I’m proud of you” —\nreally,   I am'),
];
const pseudonymiser = new Pseudonymiser(['Alex Smith', 'Sam Jones']);
const context = formatContext({
  chat: {
    participants: ['Alex Smith', 'Sam Jones'],
    isGroup: false,
    firstAt: null,
    lastAt: null,
    messageCount: 3,
  },
  pseudonymiser,
  task: 'Find the memories.',
  statistics: [],
  conversations: [messages],
  retrieval: 'semantic',
  type: 'memories',
});

const memory = (evidence: { messageId: number; quote: string }[], title = 'A morning') => ({
  title,
  when: 'March 2024',
  description: 'Person A wished Person B a good morning.',
  evidence,
});

const answer = (memories: unknown[]) =>
  JSON.stringify({ summary: 'Person A and Person B are close.', memories });

describe('the context sent', () => {
  it('tags messages with ids and pseudonymises names and numbers', () => {
    expect(context.text).toContain(
      '[#101] 2024-03-01 09:00 Person A: Good morning Person B! Did you sleep well?',
    );
    expect(context.text).toContain(
      '[#102] 2024-03-01 09:05 Person B: I did, thanks Person A ❤️ call me on [phone 1] later',
    );
    expect(context.text).toContain(
      '[#103] 2024-03-01 09:06 Person A: Will do. “I’m proud of you” —\n    really,   I am',
    );
    expect(context.text).not.toMatch(/Alex|Sam|07700/);
  });
});

describe('validating an answer', () => {
  it('accepts quotes found in their message, however they are spaced, cased or quoted', () => {
    const { result, quotes } = validateAnswer(
      answer([
        memory([
          { messageId: 101, quote: 'good morning person b!' },
          { messageId: 103, quote: '"I\'m proud of you" — really, I am' },
          { messageId: 102, quote: '…thanks Person A ❤️ call me on [phone 1]' },
        ]),
      ]),
      RESULT_SCHEMAS.memories,
      context,
    );
    expect(quotes).toEqual({ total: 3, kept: 3 });
    const r = result as { summary: string; memories: { description: string; evidence: unknown[] }[] };
    expect(r.summary).toBe('Alex Smith and Sam Jones are close.');
    expect(r.memories[0]!.description).toBe('Alex Smith wished Sam Jones a good morning.');
    expect(r.memories[0]!.evidence).toEqual([
      { messageId: 101, quote: 'Good morning Sam!', seq: 1, at: '2024-03-01T09:00:00', author: 'Alex Smith' },
      {
        messageId: 103,
        quote: 'I’m proud of you” —\nreally,   I am',
        seq: 3,
        at: '2024-03-01T09:06:00',
        author: 'Alex Smith',
      },
      {
        messageId: 102,
        quote: 'thanks Alex ❤️ call me on 07700 900123',
        seq: 2,
        at: '2024-03-01T09:05:00',
        author: 'Sam Jones',
      },
    ]);
  });

  it('accepts an elided quote whose parts appear in order', () => {
    expect(locateQuote('one two three four', 'two ... four')).toEqual([4, 18]);
    expect(locateQuote('one two three four', 'four ... two')).toBeNull();
  });

  it('drops invented quotes, wrong ids and items left without evidence', () => {
    const { result, quotes } = validateAnswer(
      answer([
        memory(
          [
            { messageId: 101, quote: 'Did you sleep well?' },
            { messageId: 101, quote: 'I love you' },
            { messageId: 102, quote: 'I did' },
          ],
          'kept',
        ),
        memory([{ messageId: 102, quote: 'Good morning' }], 'wrong message'),
        memory(
          [
            { messageId: 103, quote: 'proud of you' },
            { messageId: 103, quote: 'will do' },
          ],
          'kept too',
        ),
        memory([{ messageId: 999, quote: 'Good morning' }], 'not in the context'),
      ]),
      RESULT_SCHEMAS.memories,
      context,
    );
    expect(quotes).toEqual({ total: 7, kept: 4 });
    const r = result as { memories: { title: string; evidence: { quote: string }[] }[] };
    expect(r.memories.map((m) => m.title)).toEqual(['kept', 'kept too']);
    expect(r.memories[0]!.evidence.map((e) => e.quote)).toEqual(['Did you sleep well?', 'I did']);
  });

  it('rejects answers that are mostly invented, so they are retried', () => {
    const attempt = () =>
      validateAnswer(
        answer([
          memory([{ messageId: 101, quote: 'We went to Paris' }]),
          memory([{ messageId: 103, quote: 'proud' }]),
        ]),
        RESULT_SCHEMAS.memories,
        context,
      );
    expect(attempt).not.toThrow();
    expect(() =>
      validateAnswer(
        answer([
          memory([
            { messageId: 101, quote: 'We went to Paris' },
            { messageId: 102, quote: 'Rome' },
          ]),
        ]),
        RESULT_SCHEMAS.memories,
        context,
      ),
    ).toThrow(InvalidOutputError);
    try {
      validateAnswer(answer([memory([{ messageId: 5, quote: 'x' }])]), RESULT_SCHEMAS.memories, context);
    } catch (error) {
      expect((error as InvalidOutputError).reason).toBe('ungrounded');
    }
  });

  it('rejects text that is not JSON or does not follow the schema', () => {
    const reason = (text: string) => {
      try {
        validateAnswer(text, RESULT_SCHEMAS.memories, context);
        return 'accepted';
      } catch (error) {
        return (error as InvalidOutputError).reason;
      }
    };
    expect(reason('Sure! {"summary"')).toBe('not-json');
    expect(reason('  ')).toBe('empty');
    expect(reason(JSON.stringify({ summary: 'x', memories: [] }))).toBe('schema');
    expect(reason(JSON.stringify({ summary: 'x' }))).toBe('schema');
  });
});

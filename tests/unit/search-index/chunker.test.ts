import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, planChunks, type SourceMessage } from '../../../src-main/search-index/chunker';
import { planChatChunks, pseudonymisingRenderer } from '../../../src-main/search-index/indexer';
import { parseWallClock } from '../../../src-shared/messages';

let nextId = 1;
function msg(
  at: string,
  author: string | null,
  text: string,
  extra: Partial<SourceMessage> = {},
): SourceMessage {
  const id = nextId++;
  return {
    id,
    seq: id,
    ts: parseWallClock(at),
    authorId: author === 'Ana Lima' ? 1 : author === 'Bo' ? 2 : null,
    author,
    kind: 'text',
    subtype: null,
    text,
    attachment: null,
    ...extra,
  };
}

const renderer = () => pseudonymisingRenderer(['Ana Lima', 'Bo']);
const spans = (messages: SourceMessage[]) =>
  planChatChunks(messages, renderer()).map((c) => [c.firstSeq, c.lastSeq]);

describe('chunking', () => {
  it('renders speaker labels (pseudonyms), times and a date line per day; contacts are redacted', () => {
    const messages = [
      msg('2024-01-01T23:50', 'Ana Lima', 'Bo, call me at +44 7700 900123'),
      msg('2024-01-02T00:05', 'Bo', 'ok Ana\nsecond line'),
      msg('2024-01-02T00:06', 'Bo', '', { kind: 'media', subtype: 'image', attachment: 'IMG-1.jpg' }),
    ];
    const [chunk] = planChatChunks(messages, renderer());
    expect(chunk!.text).toBe(
      [
        '2024-01-01',
        '23:50 Person A: Person B, call me at [phone 1]',
        '2024-01-02',
        '00:05 Person B: ok Person A',
        '  second line',
        '00:06 Person B: (image)',
      ].join('\n'),
    );
    expect(chunk!.authorIds).toEqual([1, 2]);
    expect(chunk!.messageCount).toBe(3);
    expect(chunk!.text).not.toMatch(/Ana|7700/);
  });

  it('cuts at long silences, but keeps a tiny exchange with what follows', () => {
    const messages = [
      msg('2024-01-01T08:00', 'Ana Lima', 'morning'),
      msg('2024-01-01T08:01', 'Bo', 'hi'),
      // 3 h later: the first exchange is tiny, so it stays with this one
      msg(
        '2024-01-01T11:00',
        'Ana Lima',
        'Did you see the match yesterday? Incredible second half, what a goal',
      ),
      msg(
        '2024-01-01T11:02',
        'Bo',
        'Yes!! The last minute goal was unbelievable, I was screaming at the television',
      ),
      // 13 h later: always a new chunk
      msg('2024-01-02T00:30', 'Ana Lima', 'cannot sleep'),
      msg('2024-01-02T00:31', 'Bo', 'me neither'),
    ];
    expect(spans(messages)).toEqual([
      [messages[0]!.seq, messages[3]!.seq],
      [messages[4]!.seq, messages[5]!.seq],
    ]);
  });

  it('cuts at a 30-minute pause once the chunk has some substance, and at the token budget', () => {
    const long = 'x'.repeat(300);
    const messages = Array.from({ length: 8 }, (_, i) =>
      msg(`2024-01-01T10:${String(i).padStart(2, '0')}`, i % 2 ? 'Bo' : 'Ana Lima', long),
    );
    messages.push(msg('2024-01-01T10:40', 'Bo', 'after a pause'));
    const chunks = planChatChunks(messages, renderer());
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxTokens + 8);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.at(-1)!.text).toContain('after a pause');
    expect(chunks.at(-1)!.messageCount).toBe(1);
  });

  it('cuts at a turn of topic after a short pause', () => {
    const talk = (start: number, author: string, texts: string[]) =>
      texts.map((t, i) =>
        msg(`2024-03-01T${String(start).padStart(2, '0')}:${String(i * 2).padStart(2, '0')}`, author, t),
      );
    const football = talk(18, 'Ana Lima', [
      'The football match tonight starts at eight, football stadium tickets ready',
      'Football with the team again, the striker scored twice last match',
      'Stadium parking for the match is terrible, take the football shuttle',
      'The team needs a new striker, football transfer window opens soon',
      'Match tickets football stadium section twelve, bring your scarf',
    ]);
    const cooking = talk(19, 'Bo', [
      'Recipe for dinner: roast vegetables, garlic, rosemary, oven baked potatoes',
      'Buy garlic, rosemary and potatoes for the oven roast recipe',
      'Roast potatoes need forty minutes in the oven with rosemary garlic',
      'The vegetables recipe with garlic rosemary roast smells wonderful',
    ]);
    // 18:08 → 19:00 would be a pause anyway; move the cooking talk 6 minutes after the football talk.
    cooking.forEach((m, i) => (m.ts = football.at(-1)!.ts + 6 * 60 + i * 120));
    const chunks = planChatChunks([...football, ...cooking], renderer());
    expect(chunks.map((c) => c.firstSeq)).toEqual([football[0]!.seq, cooking[0]!.seq]);
    // The same pause inside one topic does not cut.
    const more = talk(20, 'Bo', ['Football stadium match striker team tickets football']);
    more[0]!.ts = football.at(-1)!.ts + 6 * 60;
    expect(planChatChunks([...football, ...more], renderer())).toHaveLength(1);
  });

  it('is deterministic, and appending messages changes only the last chunk', () => {
    const base = Array.from({ length: 300 }, (_, i) =>
      msg(
        new Date(Date.UTC(2024, 0, 1) + i * 17 * 60_000 * (1 + (i % 5))).toISOString().slice(0, 16),
        i % 3 ? 'Bo' : 'Ana Lima',
        `message ${i} about ${['work', 'dinner', 'the weekend', 'music'][i % 4]} and more words here`,
      ),
    );
    const first = planChatChunks(base, renderer());
    const again = planChatChunks(
      base.map((m) => ({ ...m })),
      renderer(),
    );
    expect(again.map((c) => c.hash)).toEqual(first.map((c) => c.hash));
    const appended = [
      ...base,
      ...Array.from({ length: 20 }, (_, i) =>
        msg(`2024-03-01T10:${String(i).padStart(2, '0')}`, 'Bo', `new ${i}`),
      ),
    ];
    const after = planChatChunks(appended, renderer());
    const unchanged = after.filter((c) => first.some((f) => f.hash === c.hash));
    expect(unchanged.length).toBeGreaterThanOrEqual(first.length - 1);
    expect(first.length).toBeGreaterThan(5);
  });

  it('cuts an overlong message to the budget and keeps chunk spans contiguous', () => {
    const messages = [
      msg('2024-01-01T10:00', 'Ana Lima', 'word '.repeat(2000)),
      msg('2024-01-01T10:01', 'Bo', 'short'),
    ];
    const chunks = planChatChunks(messages, renderer());
    expect(chunks).toHaveLength(2);
    expect(chunks[0]!.tokens).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxTokens);
    expect(chunks[0]!.text.endsWith('…')).toBe(true);
    expect(planChunks([], [])).toEqual([]);
  });
});

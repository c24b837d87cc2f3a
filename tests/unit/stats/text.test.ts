import { describe, expect, it } from 'vitest';
import { domainOf, isRankableWord, TextAnalyzer } from '../../../src-main/stats/text';

/** Analyzes texts by person 0 as the statistics pass does (inside one lower-cased block). */
function analyze(...texts: string[]) {
  const t = new TextAnalyzer(1);
  const block = texts.join('\x1e');
  const results: { words: number; characters: number; emoji: number; links: number; question: boolean }[] =
    [];
  let start = 0;
  for (const text of texts) {
    const end = start + text.length;
    t.analyze(block, start, end, 0);
    results.push({
      words: t.lastWords,
      characters: t.lastCharacters,
      emoji: t.lastEmoji,
      links: t.lastLinks,
      question: t.lastQuestion,
    });
    start = end + 1;
  }
  const emoji = Object.fromEntries(t.emojiForms.map((form, id) => [form, t.emojiTotals[id]]));
  const words = Object.fromEntries(t.words.map((w, id) => [w, t.wordTotals[id]]));
  const domains = Object.fromEntries(t.domains.map((d, id) => [d, t.domainTotals[id]]));
  return { results, emoji, words, domains, analyzer: t };
}

describe('emoji are counted as graphemes', () => {
  it('counts ZWJ sequences, skin tones, flags, tags and keycaps as one emoji each', () => {
    const { results, emoji } = analyze('👨‍👩‍👧 family 👋🏽👋 🇫🇷🇩🇪 🏴󠁧󠁢󠁥󠁮󠁧󠁿 1️⃣ #️⃣ 🤷‍♀️');
    expect(results[0]!.emoji).toBe(9);
    expect(emoji).toEqual({
      '👨‍👩‍👧': 1,
      '👋🏽': 1,
      '👋': 1,
      '🇫🇷': 1,
      '🇩🇪': 1,
      '🏴󠁧󠁢󠁥󠁮󠁧󠁿': 1,
      '1️⃣': 1,
      '#️⃣': 1,
      '🤷‍♀️': 1,
    });
    expect(results[0]!.words).toBe(1);
  });

  it('merges the forms with and without U+FE0F and shows the emoji form', () => {
    const { emoji } = analyze('✌ hi', '✌️ hi ✌️');
    expect(emoji).toEqual({ '✌️': 2 });
  });

  it('does not count symbols that render as text', () => {
    const { results, emoji } = analyze('© 2024 ™ → ☺ ↔ ‼');
    expect(results[0]!.emoji).toBe(0);
    expect(emoji).toEqual({});
  });

  it('counts emoji next to letters and at the edges of a message', () => {
    const { results } = analyze('😂ok😂', '🎉', 'a🔥');
    expect(results.map((r) => [r.emoji, r.words])).toEqual([
      [2, 1],
      [1, 0],
      [1, 1],
    ]);
  });
});

describe('words, characters, questions', () => {
  it('splits words on anything but letters, digits and inner apostrophes', () => {
    const { results, words } = analyze("I'm here, don’t worry — it's 5pm! ok?ok");
    expect(words).toEqual({ "i'm": 1, here: 1, "don't": 1, worry: 1, "it's": 1, '5pm': 1, ok: 2 });
    expect(results[0]).toMatchObject({ words: 8, question: true });
  });

  it('lower-cases words, keeps accents, and counts per message', () => {
    const { results, words } = analyze('Café CAFÉ café', 'Ñandú', 'ÇA İstanbul ΚΑΛΗΜΕΡΑ');
    expect(words).toEqual({ café: 3, ñandú: 1, ça: 1, istanbul: 1, καλημερα: 1 });
    expect(results.map((r) => r.words)).toEqual([3, 1, 3]);
  });

  it('counts characters as code points', () => {
    const { results } = analyze('a😂b', 'Hi Bo, are you awake?', '👍🏽');
    expect(results.map((r) => r.characters)).toEqual([3, 21, 2]);
  });

  it('finds questions in other scripts', () => {
    const { results } = analyze('¿Qué', 'هل انت بخير؟', '你好？', 'no');
    expect(results.map((r) => r.question)).toEqual([true, true, true, false]);
  });

  it('segments scripts written without spaces', () => {
    const { words } = analyze('我们今天去吃饭');
    expect(Object.keys(words).length).toBeGreaterThan(1);
    expect(Object.keys(words).join('')).toBe('我们今天去吃饭');
  });

  it('ranks words of two letters or more that are not numbers', () => {
    expect(['ok', 'café', '我们', '好'].map(isRankableWord)).toEqual([true, true, true, true]);
    expect(['a', '5', '2024', '12:30', '3.5'].map(isRankableWord)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('links', () => {
  it('counts links, keeps them out of the words, and ranks their domains', () => {
    const { results, words, domains } = analyze(
      'Visit WWW.Example.com/path, or HTTP://foo.org.',
      'see https://www.example.com?x=1 and https://sub.foo.org:8080/a',
    );
    expect(results.map((r) => r.links)).toEqual([2, 2]);
    expect(words).toEqual({ visit: 1, or: 1, see: 1, and: 1 });
    expect(domains).toEqual({ 'example.com': 2, 'foo.org': 1, 'sub.foo.org': 1 });
  });

  it('is not fooled by www inside words or bare schemes', () => {
    const { results } = analyze('awww.... so cute', 'http:// nothing', 'www.');
    expect(results.map((r) => r.links)).toEqual([0, 0, 0]);
  });

  it('reads domains', () => {
    expect(domainOf('https://WWW.YouTube.com/watch?v=1')).toBe('youtube.com');
    expect(domainOf('www.a.b#x')).toBe('a.b');
    expect(domainOf('https://')).toBeNull();
  });
});

/**
 * What one message's text holds: words, emoji, links, a question mark. A single scan of the code units with a
 * class table (built once for the whole BMP); the emoji library's pattern only runs, anchored, where an emoji
 * can start, and the word segmenter only on runs of scripts written without spaces (Chinese, Japanese, Thai…).
 */
import emojiRegex from 'emoji-regex';
import { ensureIndex, IntCounter } from './counters';
import { detach, FNV_PRIME, LOWER, WORD_HASH_SEED, WordTable } from './word-table';

const OTHER = 0;
const WORD = 1;
/** Letters of scripts written without spaces between words: handed to Intl.Segmenter. */
const UNSPACED = 2;
/** Can start an emoji; renders as text unless followed by U+FE0F. */
const EMOJI_TEXT = 3;
/** Can start an emoji; renders as emoji by default. */
const EMOJI = 4;
const HIGH_SURROGATE = 5;
const QUESTION = 6;
const APOSTROPHE = 7;
/** `#` and `*`: keycap emoji bases. */
const KEYCAP = 8;

const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}/u;

/** Anchored (sticky) copy of the emoji library's pattern: matches only at lastIndex. */
const emojiAt = new RegExp(emojiRegex().source, 'y');

let classes: Uint8Array | null = null;

function charClasses(): Uint8Array {
  if (classes) return classes;
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      table[c] = c <= 0xdbff ? HIGH_SURROGATE : OTHER;
      continue;
    }
    const ch = String.fromCharCode(c);
    if (c < 0x80) {
      table[c] =
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? WORD : OTHER;
    } else if (UNSPACED_SCRIPT.test(ch)) table[c] = UNSPACED;
    else if (WORD_CHAR.test(ch)) table[c] = WORD;
  }
  // Emoji starts in the BMP (©, ®, ‼, ™, arrows, ☀–➿, ⬅–⭕, 〰, 〽, ㊗, ㊙).
  for (let c = 0xa9; c < 0x3300; c++) {
    if (c > 0xae && c < 0x2000) continue;
    const ch = String.fromCharCode(c);
    emojiAt.lastIndex = 0;
    if (emojiAt.test(`${ch}\uFE0F`)) table[c] = EMOJI_PRESENTATION.test(ch) ? EMOJI : EMOJI_TEXT;
  }
  // Joiners and variation selectors glue emoji together; they are not letters.
  for (const c of [0x200d, 0xfe0e, 0xfe0f, 0x20e3]) table[c] = OTHER;
  for (const c of [0x3f, 0xbf, 0x61f, 0xff1f]) table[c] = QUESTION;
  for (const c of [0x27, 0x2019]) table[c] = APOSTROPHE;
  table[0x23] = KEYCAP;
  table[0x2a] = KEYCAP;
  classes = table;
  return table;
}

/** A link starts at `http(s)://` or `www.` not inside a word (so "awww." is no link). */
const LINK = /(?<![\p{L}\p{N}@.])(?:https?:\/\/|www\.)[^\s<>"\x1e]+/giu;
/** Every link holds one of these (the pattern runs only on messages that do). */
const LINK_MARKERS = ['://', 'www.', 'WWW.'];
/** Astral emoji a fast path may take whole: one code point the pattern matches alone, by cp - base. */
const SIMPLE_ASTRAL_BASE = 0x1f000;
const SIMPLE_ASTRAL = new Uint8Array(0xb00);
/** BMP symbols the pattern matches alone (ALONE, emoji-style by default) or followed by U+FE0F. */
const BMP_EMOJI_END = 0x3300;
const BMP_EMOJI = new Uint8Array(BMP_EMOJI_END);
const ALONE = 1;
const WITH_VS16 = 2;
{
  const whole = (s: string) => {
    emojiAt.lastIndex = 0;
    return emojiAt.exec(s)?.[0] === s;
  };
  for (let cp = 0; cp < SIMPLE_ASTRAL.length; cp++) {
    const ch = String.fromCodePoint(SIMPLE_ASTRAL_BASE + cp);
    // Regional indicators pair into flags; skin tones attach to what precedes them.
    const joins = (cp >= 0x1e6 && cp <= 0x1ff) || (cp >= 0x3fb && cp <= 0x3ff);
    if (!joins && EMOJI_PRESENTATION.test(ch) && whole(ch)) SIMPLE_ASTRAL[cp] = 1;
  }
  for (let c = 0xa9; c < BMP_EMOJI_END; c++) {
    if (c > 0xae && c < 0x2000) continue;
    const ch = String.fromCharCode(c);
    if (EMOJI_PRESENTATION.test(ch) && whole(ch)) BMP_EMOJI[c]! |= ALONE;
    if (whole(`${ch}\uFE0F`)) BMP_EMOJI[c]! |= WITH_VS16;
  }
}

/** Whether what follows position j would extend an emoji (joiner, selector, keycap, tag, skin tone). */
function extendsEmoji(text: string, j: number): boolean {
  const n = text.charCodeAt(j);
  if (n === 0x200d || n === 0xfe0f || n === 0x20e3 || n === 0xdb40) return true;
  if (n !== 0xd83c) return false;
  const m = text.charCodeAt(j + 1);
  return m >= 0xdffb && m <= 0xdfff;
}

const LINK_TRAILING = /[.,;:!?)\]}'"’”]+$/;

/** The host of a link, lower-cased, without `www.`; null if it has none. */
export function domainOf(link: string): string | null {
  let rest = link.replace(/^https?:\/\//i, '');
  const end = rest.search(/[/?#:]/);
  if (end >= 0) rest = rest.slice(0, end);
  rest = rest.toLowerCase().replace(/^www\./, '');
  return rest.length > 0 ? rest : null;
}

let segmenter: Intl.Segmenter | null = null;

/**
 * Accumulates words, emoji and domains for a chat, overall and per person (dense person indexes). Ids are
 * given in order of first use. Messages are analysed in place inside a block of many messages
 * (see compute.ts); `analyze` leaves its per-message results in the `last*` fields.
 */
export class TextAnalyzer {
  readonly wordTable = new WordTable();
  wordTotals = new Uint32Array(4096);
  readonly personWords: IntCounter[];

  readonly emojiIds = new Map<string, number>();
  /** How each emoji is shown: the first form seen with U+FE0F if any, else the first form. */
  readonly emojiForms: string[] = [];
  emojiTotals = new Uint32Array(256);
  readonly personEmoji: IntCounter[];

  readonly domainIds = new Map<string, number>();
  readonly domains: string[] = [];
  domainTotals = new Uint32Array(64);
  readonly personDomains: IntCounter[];

  lastWords = 0;
  lastCharacters = 0;
  lastEmoji = 0;
  lastLinks = 0;
  lastQuestion = false;

  readonly #classes = charClasses();
  readonly #next = new Int32Array(LINK_MARKERS.length);
  #block = '';
  readonly #astralIds = new Int32Array(SIMPLE_ASTRAL.length).fill(-1);
  readonly #bmpIds = new Int32Array(BMP_EMOJI_END).fill(-1);
  readonly #bmpVs16Ids = new Int32Array(BMP_EMOJI_END).fill(-1);

  constructor(people: number) {
    this.personWords = Array.from({ length: people }, () => new IntCounter(256));
    this.personEmoji = Array.from({ length: people }, () => new IntCounter(16));
    this.personDomains = Array.from({ length: people }, () => new IntCounter(4));
  }

  get words(): string[] {
    return this.wordTable.words;
  }

  /**
   * Analyzes text[start, end), one message inside a block of messages (as written: words are lower-cased as
   * they are read); call with increasing `start` within one block.
   */
  analyze(text: string, start: number, end: number, person: number): void {
    this.lastWords = 0;
    this.lastEmoji = 0;
    this.lastLinks = 0;
    this.lastQuestion = false;
    if (text !== this.#block) {
      this.#block = text;
      this.#next.fill(-2);
    }
    // Where the next link may start, per marker, kept across the block's messages (-1: none left).
    let linkAt = -1;
    for (let j = 0; j < LINK_MARKERS.length; j++) {
      let at = this.#next[j]!;
      if (at !== -1 && at < start) at = this.#next[j] = text.indexOf(LINK_MARKERS[j]!, start);
      if (at >= 0 && (linkAt < 0 || at < linkAt)) linkAt = at;
    }
    let astral = 0;
    if (linkAt < 0 || linkAt >= end) {
      astral = this.#scan(text, start, end, person);
    } else {
      let from = start;
      LINK.lastIndex = start;
      for (let m = LINK.exec(text); m !== null && m.index < end; m = LINK.exec(text)) {
        const link = m[0].replace(LINK_TRAILING, '');
        const domain = domainOf(link);
        if (domain === null) continue;
        astral += this.#scan(text, from, m.index, person);
        from = m.index + link.length;
        LINK.lastIndex = from;
        this.lastLinks++;
        this.#countDomain(domain, person);
      }
      astral += this.#scan(text, from, end, person);
    }
    this.lastCharacters = end - start - astral;
  }

  /** Scans text[start, end); returns the number of surrogate pairs seen. */
  #scan(text: string, start: number, end: number, person: number): number {
    const cls = this.#classes;
    let astral = 0;
    let i = start;
    while (i < end) {
      const c = text.charCodeAt(i);
      const k = cls[c]!;
      if (k === WORD) {
        if (c <= 0x39 && c >= 0x30 && i + 1 < end) {
          const next = text.charCodeAt(i + 1);
          if (next === 0xfe0f || next === 0x20e3) {
            i = this.#emoji(text, i, person);
            continue;
          }
        }
        const s = i;
        let hash = Math.imul(WORD_HASH_SEED ^ LOWER[c]!, FNV_PRIME);
        i++;
        while (i < end) {
          const c2 = text.charCodeAt(i);
          const k2 = cls[c2]!;
          if (k2 === WORD || (k2 === APOSTROPHE && i + 1 < end && cls[text.charCodeAt(i + 1)] === WORD)) {
            hash = Math.imul(hash ^ LOWER[c2]!, FNV_PRIME);
            i++;
          } else break;
        }
        this.#countWord(this.wordTable.idOf(text, s, i, hash), person);
      } else if (k === OTHER || k === APOSTROPHE) {
        i++;
      } else if (k === HIGH_SURROGATE) {
        if (c >= 0xd83c && c <= 0xd83e) {
          const after = this.#emoji(text, i, person);
          astral += countSurrogatePairs(text, i, after);
          i = after;
        } else {
          astral++;
          i += 2;
        }
      } else if (k === QUESTION) {
        this.lastQuestion = true;
        i++;
      } else if (k === UNSPACED) {
        const s = i;
        i++;
        while (i < end && cls[text.charCodeAt(i)] === UNSPACED) i++;
        this.#segment(text.slice(s, i), person);
      } else {
        // EMOJI, EMOJI_TEXT, KEYCAP
        i = this.#emoji(text, i, person);
      }
    }
    return astral;
  }

  /** Counts the emoji at i if there is one; returns where scanning goes on. */
  #emoji(text: string, i: number, person: number): number {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    // Fast paths, without the pattern: one code point (or one BMP symbol + U+FE0F) nothing extends.
    if (c >= 0xd83c && c <= 0xd83e) {
      const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000 - SIMPLE_ASTRAL_BASE;
      if (cp >= 0 && cp < SIMPLE_ASTRAL.length && SIMPLE_ASTRAL[cp] === 1 && !extendsEmoji(text, i + 2)) {
        let id = this.#astralIds[cp]!;
        if (id < 0) id = this.#astralIds[cp] = this.#emojiId(text.slice(i, i + 2));
        this.#countEmoji(id, person);
        return i + 2;
      }
    } else if (c < BMP_EMOJI_END) {
      const flags = BMP_EMOJI[c]!;
      if (next === 0xfe0f) {
        if (flags & WITH_VS16 && !extendsEmoji(text, i + 2)) {
          let id = this.#bmpVs16Ids[c]!;
          if (id < 0) id = this.#bmpVs16Ids[c] = this.#emojiId(text.slice(i, i + 2));
          this.#countEmoji(id, person);
          return i + 2;
        }
      } else if (flags & ALONE && !extendsEmoji(text, i + 1)) {
        let id = this.#bmpIds[c]!;
        if (id < 0) id = this.#bmpIds[c] = this.#emojiId(text.slice(i, i + 1));
        this.#countEmoji(id, person);
        return i + 1;
      }
    }
    emojiAt.lastIndex = i;
    const m = emojiAt.exec(text);
    if (m === null) return c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
    const form = m[0];
    const single = form.length === 1 || (form.length === 2 && c >= 0xd800 && c <= 0xdbff);
    // A lone text-style symbol (©, ™, ↔, ☺ without U+FE0F) renders as text: not an emoji.
    if (single && !(form.length === 1 ? this.#classes[c] === EMOJI : EMOJI_PRESENTATION.test(form))) {
      return i + form.length;
    }
    this.#countEmoji(this.#emojiId(form), person);
    return i + form.length;
  }

  /** Emoji are keyed without U+FE0F and shown in their first form with it (else their first form). */
  #emojiId(form: string): number {
    const key = form.includes('\uFE0F') ? form.replaceAll('\uFE0F', '') : form;
    let id = this.emojiIds.get(key);
    if (id === undefined) {
      id = this.emojiForms.length;
      this.emojiIds.set(detach(key), id);
      this.emojiForms.push(detach(form));
      this.emojiTotals = ensureIndex(this.emojiTotals, id);
    } else if (form !== key && this.emojiForms[id] === key) {
      this.emojiForms[id] = detach(form);
    }
    return id;
  }

  #countEmoji(id: number, person: number): void {
    this.emojiTotals[id]!++;
    this.personEmoji[person]!.add(id);
    this.lastEmoji++;
  }

  #segment(run: string, person: number): void {
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    for (const s of segmenter.segment(run)) {
      if (s.isWordLike) this.#countWord(this.wordTable.idOfWord(s.segment), person);
    }
  }

  #countWord(id: number, person: number): void {
    this.wordTotals = ensureIndex(this.wordTotals, id);
    this.wordTotals[id]!++;
    this.personWords[person]!.add(id);
    this.lastWords++;
  }

  #countDomain(domain: string, person: number): void {
    let id = this.domainIds.get(domain);
    if (id === undefined) {
      id = this.domains.length;
      domain = detach(domain);
      this.domainIds.set(domain, id);
      this.domains.push(domain);
      this.domainTotals = ensureIndex(this.domainTotals, id);
    }
    this.domainTotals[id]!++;
    this.personDomains[person]!.add(id);
  }
}

function countSurrogatePairs(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n++;
  }
  return n;
}

const NUMBER = /^[\p{N}.,:'/-]+$/u;

/** Whether a word may appear in top words: not a number, not a single letter (unless Chinese, Japanese…). */
export function isRankableWord(word: string): boolean {
  if (word.length < 2 && charClasses()[word.charCodeAt(0)] !== UNSPACED) return false;
  return !NUMBER.test(word);
}

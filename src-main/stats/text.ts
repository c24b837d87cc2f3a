/**
 * What one message's text holds: words, emoji, links, a question mark. A single scan of the code units with a
 * class table (built once for the whole BMP); the emoji library's pattern only runs, anchored, where an emoji
 * can start, and the word segmenter only on runs of scripts written without spaces (Chinese, Japanese, Thai…).
 */
import emojiRegex from 'emoji-regex';
import { ensureIndex, IntCounter } from './counters';

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
const LINK = /(?<![\p{L}\p{N}@.])(?:https?:\/\/|www\.)[^\s<>"]+/gu;
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
 * given in order of first use. `analyze` leaves its per-message results in the `last*` fields.
 */
export class TextAnalyzer {
  readonly wordIds = new Map<string, number>();
  readonly words: string[] = [];
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

  constructor(people: number) {
    this.personWords = Array.from({ length: people }, () => new IntCounter(256));
    this.personEmoji = Array.from({ length: people }, () => new IntCounter(16));
    this.personDomains = Array.from({ length: people }, () => new IntCounter(4));
  }

  analyze(text: string, person: number): void {
    this.lastWords = 0;
    this.lastEmoji = 0;
    this.lastLinks = 0;
    this.lastQuestion = false;
    let astral = 0;
    const lower = text.toLowerCase();
    if (lower.indexOf('://') === -1 && lower.indexOf('www.') === -1) {
      astral = this.#scan(lower, 0, lower.length, person);
    } else {
      let from = 0;
      LINK.lastIndex = 0;
      for (let m = LINK.exec(lower); m !== null; m = LINK.exec(lower)) {
        const link = m[0].replace(LINK_TRAILING, '');
        const domain = domainOf(link);
        if (domain === null) continue;
        astral += this.#scan(lower, from, m.index, person);
        from = m.index + link.length;
        LINK.lastIndex = from;
        this.lastLinks++;
        this.#countDomain(domain, person);
      }
      astral += this.#scan(lower, from, lower.length, person);
    }
    this.lastCharacters = text.length - astral;
  }

  /** Scans lower[start, end); returns the number of surrogate pairs seen. */
  #scan(lower: string, start: number, end: number, person: number): number {
    const cls = this.#classes;
    let astral = 0;
    let i = start;
    while (i < end) {
      const c = lower.charCodeAt(i);
      const k = cls[c]!;
      if (k === WORD) {
        if (c <= 0x39 && c >= 0x30 && i + 1 < end) {
          const next = lower.charCodeAt(i + 1);
          if (next === 0xfe0f || next === 0x20e3) {
            i = this.#emoji(lower, i, person);
            continue;
          }
        }
        const s = i;
        let apostrophe = false;
        i++;
        while (i < end) {
          const k2 = cls[lower.charCodeAt(i)]!;
          if (k2 === WORD) i++;
          else if (k2 === APOSTROPHE && i + 1 < end && cls[lower.charCodeAt(i + 1)] === WORD) {
            apostrophe = true;
            i += 2;
          } else break;
        }
        let word = lower.slice(s, i);
        if (apostrophe) word = word.replaceAll('\u2019', "'");
        this.#countWord(word, person);
      } else if (k === OTHER || k === APOSTROPHE) {
        i++;
      } else if (k === HIGH_SURROGATE) {
        if (c >= 0xd83c && c <= 0xd83e) {
          const after = this.#emoji(lower, i, person);
          astral += countSurrogatePairs(lower, i, after);
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
        while (i < end && cls[lower.charCodeAt(i)] === UNSPACED) i++;
        this.#segment(lower.slice(s, i), person);
      } else {
        // EMOJI, EMOJI_TEXT, KEYCAP
        i = this.#emoji(lower, i, person);
      }
    }
    return astral;
  }

  /** Counts the emoji at i if there is one; returns where scanning goes on. */
  #emoji(text: string, i: number, person: number): number {
    emojiAt.lastIndex = i;
    const m = emojiAt.exec(text);
    const c = text.charCodeAt(i);
    if (m === null) return c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
    const form = m[0];
    const single = form.length === 1 || (form.length === 2 && c >= 0xd800 && c <= 0xdbff);
    // A lone text-style symbol (©, ™, ↔, ☺ without U+FE0F) renders as text: not an emoji.
    if (single && !(form.length === 1 ? this.#classes[c] === EMOJI : EMOJI_PRESENTATION.test(form))) {
      return i + form.length;
    }
    const key = form.includes('\uFE0F') ? form.replaceAll('\uFE0F', '') : form;
    let id = this.emojiIds.get(key);
    if (id === undefined) {
      id = this.emojiForms.length;
      this.emojiIds.set(key, id);
      this.emojiForms.push(form);
      this.emojiTotals = ensureIndex(this.emojiTotals, id);
    } else if (form !== key && this.emojiForms[id] === key) {
      this.emojiForms[id] = form;
    }
    this.emojiTotals[id]!++;
    this.personEmoji[person]!.add(id);
    this.lastEmoji++;
    return i + form.length;
  }

  #segment(run: string, person: number): void {
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
    for (const s of segmenter.segment(run)) if (s.isWordLike) this.#countWord(s.segment, person);
  }

  #countWord(word: string, person: number): void {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.wordIds.set(word, id);
      this.words.push(word);
      this.wordTotals = ensureIndex(this.wordTotals, id);
    }
    this.wordTotals[id]!++;
    this.personWords[person]!.add(id);
    this.lastWords++;
  }

  #countDomain(domain: string, person: number): void {
    let id = this.domainIds.get(domain);
    if (id === undefined) {
      id = this.domains.length;
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

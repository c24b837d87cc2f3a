/**
 * Character classes of export headers, tested by code unit (no regex, no allocation): the header matcher
 * calls these for every character it reads.
 */

/**
 * Bidi and byte-order marks WhatsApp scatters through exports (U+FEFF, U+200E/F, U+202A–E, U+2066–9).
 * They are never part of a name or a text.
 */
export function isInvisible(c: number): boolean {
  return (
    c >= 0x200e &&
    (c <= 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff)
  );
}

/** Spaces that separate header parts: space, no-break space, thin and narrow no-break space, ideographic space. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x3000 || c === 0x09;
}

/** Value of a decimal digit in the scripts phones write dates in (Latin, Arabic-Indic, Persian, Devanagari,
 * Bengali, Thai, Myanmar), or -1. */
export function digitValue(c: number): number {
  if (c <= 0x39) return c >= 0x30 ? c - 0x30 : -1;
  if (c < 0x660) return -1;
  if (c <= 0x669) return c - 0x660;
  if (c >= 0x6f0 && c <= 0x6f9) return c - 0x6f0;
  if (c >= 0x966 && c <= 0x96f) return c - 0x966;
  if (c >= 0x9e6 && c <= 0x9ef) return c - 0x9e6;
  if (c >= 0xe50 && c <= 0xe59) return c - 0xe50;
  if (c >= 0x1040 && c <= 0x1049) return c - 0x1040;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10; // full-width
  return -1;
}

/** Skips invisible marks from `i`. */
export function skipInvisible(s: string, i: number): number {
  while (i < s.length && isInvisible(s.charCodeAt(i))) i++;
  return i;
}

/** Skips spaces and invisible marks from `i`. */
export function skipBlank(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (isSpace(c) || isInvisible(c)) i++;
    else return i;
  }
}

const INVISIBLE_RE = /[\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const HAS_INVISIBLE_RE = /[\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** One range holding every mark but U+FEFF (and punctuation such as ’ “ … too): the engine tests a single
 * range about twice as fast as the exact class, so it screens first. */
const MAYBE_INVISIBLE_RE = /[\u200E-\u2069\uFEFF]/;

/** True if `s` holds any invisible mark. */
export function hasInvisible(s: string): boolean {
  return MAYBE_INVISIBLE_RE.test(s) && HAS_INVISIBLE_RE.test(s);
}

/** `s` without invisible marks. */
export function stripInvisible(s: string): string {
  return hasInvisible(s) ? s.replace(INVISIBLE_RE, '') : s;
}

/** Spaces of any kind as a plain space, invisible marks removed, trimmed: the form vocabulary is compared in. */
export function normalizeWords(s: string): string {
  let out = '';
  let space = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isInvisible(c)) continue;
    if (isSpace(c)) {
      space = out.length > 0;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += s[i];
  }
  return out;
}

/**
 * If `lit` (normalized: single plain spaces) is written at `i` in `s` — where `s` may use any kind of space
 * and carry invisible marks — returns the index after it, else -1. `lit` may be compared case-insensitively
 * when `fold` is set (then `lit` must be lower case).
 */
export function matchWordsAt(s: string, i: number, lit: string, fold = false): number {
  let j = 0;
  while (j < lit.length) {
    i = skipInvisible(s, i);
    const want = lit.charCodeAt(j);
    if (want === 0x20) {
      // One or more spaces in the text; also accept none (`a.m.` for `a. m.` is another spelling).
      while (isSpace(s.charCodeAt(i)) || isInvisible(s.charCodeAt(i))) i++;
      j++;
      continue;
    }
    let c = s.charCodeAt(i);
    if (fold && c < 0x80 && c >= 0x41 && c <= 0x5a) c += 0x20;
    else if (fold && c >= 0x80 && c !== want) c = s[i]!.toLowerCase().charCodeAt(0);
    if (c !== want) return -1;
    i++;
    j++;
  }
  return i;
}

/** A letter of any script (for locale words and month names). */
export function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER_RE.test(String.fromCharCode(c));
}
const LETTER_RE = /[\p{L}\p{M}]/u;

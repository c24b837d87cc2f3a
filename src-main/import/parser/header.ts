/**
 * Message headers: the `date, time - ` (Android) or `[date, time] ` (iOS) that starts every message.
 *
 * `sniffHeader` reads a line without knowing the format and says which shape its header has (used on a few
 * lines while the format is being learnt). `HeaderMatcher` is built from one file's shape and only accepts
 * headers of exactly that shape: it reads code units left to right, never allocates, and is what runs on
 * every line. Both read dates and times with the same primitives below.
 */
import { JAPANESE_ERAS } from './calendar';
import {
  digitValue,
  isInvisible,
  isLetter,
  isSpace,
  matchWordsAt,
  normalizeWords,
  skipBlank,
  skipInvisible,
} from './chars';
import { AsciiHeaderReader, FAST_UNSURE, FAST_YES } from './header-fast';
import { DAY_PERIOD_WORDS, monthKey, monthNameMap } from './locale-words';

/** What every header of one file has in common. JSON-serialisable (stored with each import). */
export interface HeaderShape {
  /** iOS: `[date, time] ` */
  bracket: boolean;
  /** What ends the date and time: `]` (iOS), ` - ` (Android), `: ` (exports before 2015). */
  terminator: ']' | '-' | ':';
  /** The time comes before the date (`[14:56:01, 3/18/22]`). */
  timeFirst: boolean;
  /** `numeric` (`2/1/22`, `2022年1月2日`) or with a month `name` (`Jan 2, 2022`, `2 Jan 2022`, `02-Jan-22`). */
  date: 'numeric' | 'name';
  /** numeric: `/`, `.`, `-` or `年`; name: `name-first` or `name-middle`. */
  dateSep: string;
  /** The year comes first (`2022-01-02`, `R4/1/2`). */
  yearFirst: boolean;
  /** Digits of the year (2 or 4); 0 when years follow a Japanese era (1 or 2 digits). */
  yearDigits: number;
  /** A Japanese era before the year (`R4`, `令和4`). */
  era: boolean;
  /** What stands between date and time (or time and date), normalized: `,`, `à`, `klo`, `,` … or empty. */
  connector: string;
  timeSep: ':' | '.';
  /** Where a 12-hour clock's day period is written, if it is one. */
  dayPeriod: 'none' | 'before' | 'after';
}

/** A day-period word as one file writes it (`PM`, `p. m.`, `오후`); `pm` null while it is still unknown. */
export interface DayPeriodMarker {
  text: string;
  pm: boolean | null;
}

/** What one header says. Reused from line to line. */
export class HeaderFields {
  /** The date's numbers in the order written; for month-name dates day, month, year. */
  f1 = 0;
  f2 = 0;
  f3 = 0;
  /** The Japanese era before the year, or ''. */
  era = '';
  /** The hour as written (1–12 with a day period). */
  hour = 0;
  minute = 0;
  second = 0;
  hasSeconds = false;
  marker: DayPeriodMarker | null = null;
  /** Index in the line where the author (or the system text) starts. */
  rest = 0;
}

/** The hour on a 24-hour clock, or -1 if the day period is unknown or the hour impossible. */
export function hour24(f: HeaderFields): number {
  const m = f.marker;
  if (m === null) return f.hour <= 23 ? f.hour : f.hour === 24 && f.minute === 0 ? 0 : -1;
  if (m.pm === null || f.hour > 12) return -1;
  return m.pm ? (f.hour % 12) + 12 : f.hour % 12;
}

// ---------------------------------------------------------------------------------------------------------
// Primitives. `readNumber` reports through these two variables instead of returning an object.

let numEnd = 0;
let numLen = 0;

/** Reads `min`–`max` digits at `i`; returns the value (and sets numEnd, numLen) or -1. */
function readNumber(s: string, i: number, min: number, max: number): number {
  let value = 0;
  let n = 0;
  for (;;) {
    const d = digitValue(s.charCodeAt(i + n));
    if (d < 0) break;
    if (++n > max) return -1;
    value = value * 10 + d;
  }
  if (n < min) return -1;
  numEnd = i + n;
  numLen = n;
  return value;
}

/** Reads a word of letters (and a trailing dot) at `i`; returns its end or `i` when there is none. */
function wordEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isLetter(s.charCodeAt(j))) j++;
  if (j > i && s.charCodeAt(j) === 0x2e) j++;
  return j;
}

let lastMonthWord = '';
let lastMonth = 0;

/** The month a word names (1–12), or 0. */
function monthOfWord(s: string, i: number, end: number): number {
  const word = s.slice(i, end);
  if (word === lastMonthWord) return lastMonth;
  const month = monthNameMap().get(monthKey(word)) ?? 0;
  lastMonthWord = word;
  lastMonth = month;
  return month;
}

const KANJI_ERAS = new Set(['明治', '大正', '昭和', '平成', '令和']);
const GANNEN = 0x5143; // 元: the first year of an era
const ERA_LETTERS = 'MTSHR';

/** Date constraints: the shape's own values when matching, nulls (anything goes) when sniffing. */
interface DateSpec {
  date: HeaderShape['date'] | null;
  dateSep: string | null;
  yearFirst: boolean | null;
  yearDigits: number | null;
  era: boolean | null;
}
const OPEN_DATE: DateSpec = { date: null, dateSep: null, yearFirst: null, yearDigits: null, era: null };

/** What the date read while sniffing turned out to be. */
const found: Omit<DateSpec, 'date'> & { date: HeaderShape['date'] } = {
  date: 'numeric',
  dateSep: '',
  yearFirst: false,
  yearDigits: 0,
  era: false,
};

const fail = (sep: string, want: string | null) => want !== null && want !== sep;

/** Reads a date at `i` into f1–f3 (and era); returns its end or -1. */
function readDate(s: string, i: number, spec: DateSpec, f: HeaderFields): number {
  let era = '';
  const c = s.charCodeAt(i);
  if (spec.era !== false) {
    if (c < 0x80 && ERA_LETTERS.includes(s[i]!) && digitValue(s.charCodeAt(i + 1)) >= 0) {
      era = s[i]!;
      i++;
    } else if (c >= 0x4e00 && KANJI_ERAS.has(s.slice(i, i + 2))) {
      era = s.slice(i, i + 2);
      i += 2;
    }
    if (spec.era === true && era === '') return -1;
  }
  f.era = era;
  let n1 = readNumber(s, i, 1, 4);
  if (n1 < 0) {
    if (era !== '' && s.charCodeAt(i) === GANNEN) {
      n1 = 1;
      numEnd = i + 1;
      numLen = 1;
    } else if (era === '' && spec.date !== 'numeric') {
      return readNameFirstDate(s, i, spec, f);
    } else return -1;
  }
  const len1 = numLen;
  i = skipInvisible(s, numEnd);
  const sep = s[i];
  let sep2: string;
  if (sep === '/' || sep === '.' || sep === '-') {
    sep2 = sep;
    i = skipBlank(s, i + 1);
  } else if (sep === '年') {
    sep2 = '月';
    i = skipBlank(s, i + 1);
  } else if (sep !== undefined && isSpace(sep.charCodeAt(0)) && era === '' && len1 <= 2) {
    return readNameMiddleDate(s, n1, skipBlank(s, i), spec, f);
  } else return -1;
  const n2 = readNumber(s, i, 1, 2);
  if (n2 < 0) {
    if (era !== '' || len1 > 2 || sep === '年') return -1;
    return readNameMiddleDate(s, n1, i, spec, f);
  }
  if (spec.date === 'name' || fail(sep, spec.dateSep)) return -1;
  i = skipInvisible(s, numEnd);
  if (s[i] !== sep2) return -1;
  i = skipBlank(s, i + 1);
  const n3 = readNumber(s, i, 1, 4);
  if (n3 < 0) return -1;
  const len3 = numLen;
  i = numEnd;
  if (sep === '.' && s.charCodeAt(i) === 0x2e) i++;
  else if (sep === '年') {
    if (s[i] !== '日') return -1;
    i++;
  }
  const yearFirst = era !== '' || len1 > 2;
  const yearDigits = era !== '' ? 0 : yearFirst ? len1 : len3;
  if (yearFirst ? len3 > 2 || (era === '' && len1 !== 4) : len1 > 2 || (len3 !== 2 && len3 !== 4)) return -1;
  if (spec.yearFirst !== null && spec.yearFirst !== yearFirst) return -1;
  if (spec.yearDigits !== null && spec.yearDigits !== yearDigits) return -1;
  if (spec.era === false && era !== '') return -1;
  f.f1 = n1;
  f.f2 = n2;
  f.f3 = n3;
  found.date = 'numeric';
  found.dateSep = sep;
  found.yearFirst = yearFirst;
  found.yearDigits = yearDigits;
  found.era = era !== '';
  return i;
}

/** `Jan 2, 2022` / `Jan 2 2022`. */
function readNameFirstDate(s: string, i: number, spec: DateSpec, f: HeaderFields): number {
  if (spec.date === 'numeric' || fail('name-first', spec.dateSep)) return -1;
  const end = wordEnd(s, i);
  if (end === i) return -1;
  const month = monthOfWord(s, i, end);
  if (month === 0) return -1;
  i = skipBlank(s, end);
  const day = readNumber(s, i, 1, 2);
  if (day < 0) return -1;
  i = numEnd;
  if (s[i] === ',') i++;
  i = skipBlank(s, i);
  return finishNameDate(s, i, day, month, 'name-first', spec, f);
}

/** `2 Jan 2022`, `2. Januar 2022`, `02-Jan-22`; `i` is at the month name. */
function readNameMiddleDate(s: string, day: number, i: number, spec: DateSpec, f: HeaderFields): number {
  if (spec.date === 'numeric' || fail('name-middle', spec.dateSep)) return -1;
  if (s[i] === '.') i = skipBlank(s, i + 1);
  const end = wordEnd(s, i);
  if (end === i) return -1;
  const month = monthOfWord(s, i, end);
  if (month === 0) return -1;
  i = end;
  if (s[i] === '-' || s[i] === ',') i++;
  i = skipBlank(s, i);
  return finishNameDate(s, i, day, month, 'name-middle', spec, f);
}

function finishNameDate(
  s: string,
  i: number,
  day: number,
  month: number,
  layout: string,
  spec: DateSpec,
  f: HeaderFields,
): number {
  const year = readNumber(s, i, 2, 4);
  if (year < 0 || numLen === 3) return -1;
  if (spec.yearDigits !== null && spec.yearDigits !== numLen) return -1;
  f.f1 = day;
  f.f2 = month;
  f.f3 = year;
  f.era = '';
  found.date = 'name';
  found.dateSep = layout;
  found.yearFirst = false;
  found.yearDigits = numLen;
  found.era = false;
  return numEnd;
}

/** Reads `H:MM[:SS]` (or with `.`) at `i`; returns its end or -1. */
function readTime(s: string, i: number, timeSep: number, f: HeaderFields): number {
  const h = readNumber(s, i, 1, 2);
  if (h < 0) return -1;
  i = numEnd;
  const sep = s.charCodeAt(i);
  if (timeSep === 0 ? sep !== 0x3a && sep !== 0x2e : sep !== timeSep) return -1;
  const m = readNumber(s, i + 1, 2, 2);
  if (m < 0 || m > 59 || h > 24) return -1;
  i = numEnd;
  f.hour = h;
  f.minute = m;
  f.second = 0;
  f.hasSeconds = false;
  if (s.charCodeAt(i) === sep && digitValue(s.charCodeAt(i + 1)) >= 0) {
    const sec = readNumber(s, i + 1, 2, 2);
    if (sec < 0 || sec > 59) return -1;
    f.second = sec;
    f.hasSeconds = true;
    i = numEnd;
  }
  return i;
}

/** Reads the terminator at `i` (after blanks); returns where the author or system text starts, or -1. */
function readTerminator(s: string, i: number, terminator: HeaderShape['terminator']): number {
  i = skipBlank(s, i);
  const c = s.charCodeAt(i);
  if (terminator === ']') {
    if (c !== 0x5d) return -1;
    i++;
    return isSpace(s.charCodeAt(i)) ? i + 1 : i;
  }
  if (terminator === '-' ? c !== 0x2d && c !== 0x2013 : c !== 0x3a) return -1;
  i++;
  if (i === s.length) return i;
  return isSpace(s.charCodeAt(i)) ? i + 1 : -1;
}

/** One of `markers` written at `i` (exactly, up to spaces and marks): sets `f.marker`, returns the end or -1. */
function readMarker(s: string, i: number, markers: DayPeriodMarker[], f: HeaderFields): number {
  for (let k = 0; k < markers.length; k++) {
    const end = matchWordsAt(s, i, markers[k]!.text);
    if (end >= 0 && !isLetter(s.charCodeAt(end))) {
      f.marker = markers[k]!;
      return end;
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------

const START_BRACKET = 0;
const START_DIGIT = 1;
const START_ANY = 2;

/** The header matcher of one file. */
export class HeaderMatcher {
  readonly #shape: HeaderShape;
  readonly #markers: DayPeriodMarker[];
  readonly #timeSep: number;
  readonly #terminator: HeaderShape['terminator'];
  readonly #bracket: boolean;
  readonly #start: number;
  readonly #fast: AsciiHeaderReader | null;

  /** `markers` may grow later (a day period first seen further down the file). */
  constructor(shape: HeaderShape, markers: DayPeriodMarker[]) {
    this.#shape = shape;
    this.#markers = markers;
    this.#timeSep = shape.timeSep.charCodeAt(0);
    this.#terminator = shape.terminator;
    this.#bracket = shape.bracket;
    const wordFirst =
      shape.era ||
      (shape.date === 'name' && shape.dateSep === 'name-first' && !shape.timeFirst) ||
      (shape.timeFirst && shape.dayPeriod === 'before');
    this.#start = shape.bracket ? START_BRACKET : wordFirst ? START_ANY : START_DIGIT;
    this.#fast = AsciiHeaderReader.for(shape, markers);
  }

  /**
   * Cheap first test: can a header of this shape start with this code unit? (Most continuation lines fail
   * here.)
   */
  canStart(c: number): boolean {
    if (this.#start === START_BRACKET) return c === 0x5b || isInvisible(c);
    if (this.#start === START_DIGIT) return digitValue(c) >= 0 || isInvisible(c);
    return true;
  }

  /** Reads the header of the line `s` into `f`; false if `s` does not start with a header of this shape. */
  match(s: string, f: HeaderFields): boolean {
    return this.matchAt(s, 0, s.length, f);
  }

  /**
   * Reads the header of the line `s[from, end)`, where `s` is a block of lines; `f.rest` is an index into
   * `s`. Only lines the fast reader is unsure of (or every line of a shape it does not read) are cut out.
   */
  matchAt(s: string, from: number, end: number, f: HeaderFields): boolean {
    if (this.#fast !== null) {
      const answer = this.#fast.read(s, from, end, f);
      if (answer !== FAST_UNSURE) return answer === FAST_YES;
    }
    if (from === 0 && end === s.length) return this.#matchLine(s, f);
    if (!this.canStart(s.charCodeAt(from))) return false;
    if (!this.#matchLine(s.slice(from, end), f)) return false;
    f.rest += from;
    return true;
  }

  #matchLine(s: string, f: HeaderFields): boolean {
    const c = s.charCodeAt(0);
    if (!this.canStart(c)) return false;
    let i = isInvisible(c) ? skipInvisible(s, 0) : 0;
    if (this.#bracket) {
      if (s.charCodeAt(i) !== 0x5b) return false;
      i = skipBlank(s, i + 1);
    }
    const shape = this.#shape;
    f.marker = null;
    if (shape.timeFirst) {
      i = this.#readTimePart(s, i, f);
      if (i < 0) return false;
      i = this.#readConnector(s, i);
      if (i < 0) return false;
      i = readDate(s, i, shape, f);
    } else {
      i = readDate(s, i, shape, f);
      if (i < 0) return false;
      i = this.#readConnector(s, i);
      if (i < 0) return false;
      i = this.#readTimePart(s, i, f);
    }
    if (i < 0) return false;
    i = readTerminator(s, i, this.#terminator);
    if (i < 0) return false;
    f.rest = i;
    return true;
  }

  #readConnector(s: string, i: number): number {
    i = skipBlank(s, i);
    const connector = this.#shape.connector;
    if (connector.length === 0) return i;
    i = matchWordsAt(s, i, connector);
    return i < 0 ? -1 : skipBlank(s, i);
  }

  #readTimePart(s: string, i: number, f: HeaderFields): number {
    const dayPeriod = this.#shape.dayPeriod;
    if (dayPeriod === 'before') {
      i = readMarker(s, i, this.#markers, f);
      if (i < 0) return -1;
      i = skipBlank(s, i);
    }
    i = readTime(s, i, this.#timeSep, f);
    if (i < 0 || dayPeriod !== 'after') return i;
    return readMarker(s, skipBlank(s, i), this.#markers, f);
  }
}

// ---------------------------------------------------------------------------------------------------------

export interface SniffedHeader {
  shape: HeaderShape;
  fields: HeaderFields;
  /** The day period as written (normalized), if any, and whether it is known to mean PM. */
  marker: DayPeriodMarker | null;
}

const MAX_CONNECTOR = 24;

/** Reads a header of any supported shape at the start of `s`, or returns null. */
export function sniffHeader(s: string): SniffedHeader | null {
  let i = skipInvisible(s, 0);
  const bracket = s.charCodeAt(i) === 0x5b;
  if (bracket) i = skipBlank(s, i + 1);
  return sniffFrom(s, i, bracket, false) ?? sniffFrom(s, i, bracket, true);
}

function sniffFrom(s: string, i: number, bracket: boolean, timeFirst: boolean): SniffedHeader | null {
  const f = new HeaderFields();
  let marker: DayPeriodMarker | null = null;
  let dayPeriod: HeaderShape['dayPeriod'] = 'none';
  let connector: string;
  let timeSep = 0;

  const time = (at: number, before: DayPeriodMarker | null): number => {
    let j = readTime(s, at, 0, f);
    if (j < 0) return -1;
    timeSep = s.charCodeAt(numEndOfHour(s, at));
    if (before) return j;
    const after = sniffMarkerAfter(s, skipBlank(s, j), bracket);
    if (after) {
      marker = after.marker;
      dayPeriod = 'after';
      j = after.end;
    }
    return j;
  };

  if (!timeFirst) {
    i = readDate(s, i, OPEN_DATE, f);
    if (i < 0) return null;
    const region = sniffConnector(s, i);
    if (!region) return null;
    connector = region.connector;
    if (region.marker) {
      marker = region.marker;
      dayPeriod = 'before';
    }
    i = time(region.end, region.marker);
    if (i < 0) return null;
  } else {
    const before = sniffMarkerBefore(s, i);
    if (before) {
      marker = before.marker;
      dayPeriod = 'before';
      i = skipBlank(s, before.end);
    }
    i = time(i, before?.marker ?? null);
    if (i < 0) return null;
    const region = sniffConnector(s, i);
    if (!region || region.marker) return null;
    connector = region.connector;
    i = readDate(s, region.end, { ...OPEN_DATE, date: 'numeric' }, f);
    if (i < 0) return null;
  }
  const date = { ...found };
  let terminator: HeaderShape['terminator'] = ']';
  let rest = -1;
  if (bracket) rest = readTerminator(s, i, ']');
  else {
    for (const t of ['-', ':'] as const) {
      rest = readTerminator(s, i, t);
      terminator = t;
      if (rest >= 0) break;
    }
  }
  // `: ` ended headers (2012–2014) always carry seconds; without them `12:30: ` is too easily a text.
  if (rest < 0 || (terminator === ':' && !f.hasSeconds)) return null;
  if (!plausibleDate(f, date.yearFirst === true, date.date === 'name')) return null;
  f.rest = rest;
  f.marker = marker;
  return {
    shape: {
      bracket,
      terminator,
      timeFirst,
      date: date.date,
      dateSep: date.dateSep!,
      yearFirst: date.yearFirst!,
      yearDigits: date.yearDigits!,
      era: date.era!,
      connector,
      timeSep: timeSep === 0x2e ? '.' : ':',
      dayPeriod,
    },
    fields: f,
    marker,
  };
}

/** Index of the separator after the hour digits at `i`. */
function numEndOfHour(s: string, i: number): number {
  while (digitValue(s.charCodeAt(i)) >= 0) i++;
  return i;
}

/** Could these numbers be a date in some order? */
function plausibleDate(f: HeaderFields, yearFirst: boolean, named: boolean): boolean {
  if (named) return f.f1 >= 1 && f.f1 <= 31;
  const [a, b] = yearFirst ? [f.f2, f.f3] : [f.f1, f.f2];
  return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
}

/** The text between date and time (or time and date): a connector word, maybe ending in a day period. */
function sniffConnector(
  s: string,
  i: number,
): { connector: string; marker: DayPeriodMarker | null; end: number } | null {
  const start = i;
  while (i < s.length && i - start <= MAX_CONNECTOR) {
    const c = s.charCodeAt(i);
    if (digitValue(c) >= 0) break;
    if (c === 0x5b || c === 0x5d || c === 0x2d || c === 0x3a) return null;
    i++;
  }
  if (i >= s.length || i - start > MAX_CONNECTOR) return null;
  const text = normalizeWords(s.slice(start, i));
  const lower = text.toLowerCase();
  for (const word of DAY_PERIOD_WORDS) {
    const k = lower.length - word.text.length;
    if (k >= 0 && lower.endsWith(word.text) && (k === 0 || !isLetter(lower.charCodeAt(k - 1)))) {
      return {
        connector: text.slice(0, k).trim(),
        marker: { text: text.slice(k), pm: word.pm },
        end: i,
      };
    }
  }
  return { connector: text, marker: null, end: i };
}

/** A known day period at `i` (before a time). */
function sniffMarkerBefore(s: string, i: number): { marker: DayPeriodMarker; end: number } | null {
  // Every day-period word starts with a letter (after any bidi mark).
  if (!isLetter(s.charCodeAt(skipInvisible(s, i)))) return null;
  for (const word of DAY_PERIOD_WORDS) {
    const end = matchWordsAt(s, i, word.text, true);
    if (end >= 0 && !isLetter(s.charCodeAt(end))) {
      return { marker: { text: normalizeWords(s.slice(i, end)), pm: word.pm }, end };
    }
  }
  return null;
}

/**
 * A day period after a time: a known word, or an unknown short word right before the terminator (its meaning
 * is learnt from the whole file).
 */
function sniffMarkerAfter(
  s: string,
  i: number,
  bracket: boolean,
): { marker: DayPeriodMarker; end: number } | null {
  const known = sniffMarkerBefore(s, i);
  if (known) return known;
  let j = i;
  while (j < s.length && j - i <= 12) {
    const c = s.charCodeAt(j);
    if (isLetter(c) || c === 0x2e || (isSpace(c) && isLetter(s.charCodeAt(j + 1)))) j++;
    else break;
  }
  if (j === i || j - i > 12) return null;
  const next = s.charCodeAt(skipBlank(s, j));
  const ends = bracket ? next === 0x5d : next === 0x2d || next === 0x2013;
  if (!ends && next !== 0x2c) return null;
  return { marker: { text: normalizeWords(s.slice(i, j)), pm: null }, end: j };
}

/** The Gregorian year of a Japanese era year. */
export function eraYear(era: string, year: number): number {
  const start = JAPANESE_ERAS[era];
  return start === undefined ? Number.NaN : start + year - 1;
}

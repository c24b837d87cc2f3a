/**
 * The fast path of HeaderMatcher for the shape nearly every export has: numbers in ASCII digits, the date
 * before the time. It reads a header in one straight pass of code-unit comparisons and answers YES (with
 * the fields filled in), NO (the first character rules a header out), or UNSURE — then the general matcher
 * decides (a different kind of space, a bidi mark, a continuation line that starts with a digit).
 */
import type { DayPeriodMarker, HeaderFields, HeaderShape } from './header';

export const FAST_NO = 0;
export const FAST_YES = 1;
export const FAST_UNSURE = -1;

const SP = 0x20;
const NBSP = 0xa0;
const NNBSP = 0x202f;

export class AsciiHeaderReader {
  readonly #bracket: boolean;
  readonly #sep: number;
  readonly #sep2: number;
  /** Code unit that must end the date (`日`), or -1; a `.` date may end with an optional `.`. */
  readonly #trailing: number;
  readonly #optionalDot: boolean;
  readonly #yearFirst: boolean;
  readonly #yearDigits: number;
  readonly #connector: string;
  readonly #before: boolean;
  readonly #after: boolean;
  readonly #timeSep: number;
  readonly #terminator: number;
  readonly #markers: DayPeriodMarker[];

  /** Null when the shape is not one this path reads. */
  static for(shape: HeaderShape, markers: DayPeriodMarker[]): AsciiHeaderReader | null {
    if (shape.date !== 'numeric' || shape.era || shape.timeFirst) return null;
    return new AsciiHeaderReader(shape, markers);
  }

  private constructor(shape: HeaderShape, markers: DayPeriodMarker[]) {
    this.#bracket = shape.bracket;
    this.#sep = shape.dateSep.charCodeAt(0);
    this.#sep2 = shape.dateSep === '年' ? '月'.charCodeAt(0) : this.#sep;
    this.#trailing = shape.dateSep === '年' ? '日'.charCodeAt(0) : -1;
    this.#optionalDot = shape.dateSep === '.';
    this.#yearFirst = shape.yearFirst;
    this.#yearDigits = shape.yearDigits;
    this.#connector = shape.connector;
    this.#before = shape.dayPeriod === 'before';
    this.#after = shape.dayPeriod === 'after';
    this.#timeSep = shape.timeSep.charCodeAt(0);
    this.#terminator = shape.terminator.charCodeAt(0);
    this.#markers = markers;
  }

  /**
   * Reads the header of the line `s[from, end)` (`s` may hold more lines after it: a read that runs past
   * `end` meets the line end, which no part of a header matches). `f.rest` is an index into `s`.
   */
  read(s: string, from: number, end: number, f: HeaderFields): number {
    let i = from;
    let c = s.charCodeAt(from);
    if (this.#bracket) {
      if (c !== 0x5b) return c < 0x80 || c !== c ? FAST_NO : FAST_UNSURE;
      c = s.charCodeAt(++i);
    }
    if (c < 0x30 || c > 0x39) return (c < 0x80 && !this.#bracket) || c !== c ? FAST_NO : FAST_UNSURE;

    // The date: three numbers.
    let n1 = c - 0x30;
    let l1 = 1;
    c = s.charCodeAt(++i);
    while (c >= 0x30 && c <= 0x39) {
      n1 = n1 * 10 + c - 0x30;
      l1++;
      c = s.charCodeAt(++i);
    }
    if (c !== this.#sep) return FAST_UNSURE;
    c = s.charCodeAt(++i);
    while (c === SP) c = s.charCodeAt(++i);
    if (c < 0x30 || c > 0x39) return FAST_UNSURE;
    let n2 = c - 0x30;
    c = s.charCodeAt(++i);
    if (c >= 0x30 && c <= 0x39) {
      n2 = n2 * 10 + c - 0x30;
      c = s.charCodeAt(++i);
    }
    if (c !== this.#sep2) return FAST_UNSURE;
    c = s.charCodeAt(++i);
    while (c === SP) c = s.charCodeAt(++i);
    if (c < 0x30 || c > 0x39) return FAST_UNSURE;
    let n3 = c - 0x30;
    let l3 = 1;
    c = s.charCodeAt(++i);
    while (c >= 0x30 && c <= 0x39) {
      n3 = n3 * 10 + c - 0x30;
      l3++;
      c = s.charCodeAt(++i);
    }
    if (this.#yearFirst ? l1 !== this.#yearDigits || l3 > 2 : l1 > 2 || l3 !== this.#yearDigits) {
      return FAST_UNSURE;
    }
    if (this.#trailing >= 0) {
      if (c !== this.#trailing) return FAST_UNSURE;
      c = s.charCodeAt(++i);
    } else if (this.#optionalDot && c === 0x2e) c = s.charCodeAt(++i);

    // Connector, day period before the time.
    while (c === SP) c = s.charCodeAt(++i);
    const connector = this.#connector;
    if (connector.length > 0) {
      if (!s.startsWith(connector, i)) return FAST_UNSURE;
      i += connector.length;
      c = s.charCodeAt(i);
      while (c === SP) c = s.charCodeAt(++i);
    }
    f.marker = null;
    if (this.#before) {
      i = this.#marker(s, i, f);
      if (i < 0) return FAST_UNSURE;
      c = s.charCodeAt(i);
      while (c === SP || c === NBSP || c === NNBSP) c = s.charCodeAt(++i);
    }

    // The time.
    if (c < 0x30 || c > 0x39) return FAST_UNSURE;
    let h = c - 0x30;
    c = s.charCodeAt(++i);
    if (c >= 0x30 && c <= 0x39) {
      h = h * 10 + c - 0x30;
      c = s.charCodeAt(++i);
    }
    const tsep = this.#timeSep;
    if (c !== tsep) return FAST_UNSURE;
    const m1 = s.charCodeAt(i + 1) - 0x30;
    const m2 = s.charCodeAt(i + 2) - 0x30;
    if (m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9 || h > 24) return FAST_UNSURE;
    i += 3;
    c = s.charCodeAt(i);
    let sec = 0;
    let hasSeconds = false;
    if (c === tsep) {
      const s1 = s.charCodeAt(i + 1) - 0x30;
      const s2 = s.charCodeAt(i + 2) - 0x30;
      if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return FAST_UNSURE;
      sec = s1 * 10 + s2;
      hasSeconds = true;
      i += 3;
      c = s.charCodeAt(i);
    }
    if (this.#after) {
      while (c === SP || c === NBSP || c === NNBSP) c = s.charCodeAt(++i);
      i = this.#marker(s, i, f);
      if (i < 0) return FAST_UNSURE;
      c = s.charCodeAt(i);
    }

    // The terminator.
    while (c === SP || c === NBSP || c === NNBSP) c = s.charCodeAt(++i);
    if (c !== this.#terminator) return FAST_UNSURE;
    c = s.charCodeAt(++i);
    if (c === SP) i++;
    else if (this.#terminator !== 0x5d && i !== end) return FAST_UNSURE;

    f.f1 = n1;
    f.f2 = n2;
    f.f3 = n3;
    f.era = '';
    f.hour = h;
    f.minute = m1 * 10 + m2;
    f.second = sec;
    f.hasSeconds = hasSeconds;
    f.rest = i;
    return FAST_YES;
  }

  #marker(s: string, i: number, f: HeaderFields): number {
    const markers = this.#markers;
    for (let k = 0; k < markers.length; k++) {
      const text = markers[k]!.text;
      if (s.startsWith(text, i)) {
        f.marker = markers[k]!;
        return i + text.length;
      }
    }
    return -1;
  }
}

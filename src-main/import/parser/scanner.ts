/**
 * Pass 1: learns one file's format from all of its lines. The first headers are read by `sniffHeader`
 * (any shape); as soon as one shape is seen, a matcher compiled for it reads the following lines, so the
 * scan costs about what the parse does. Lines it rejects that could still be headers are sniffed, and
 * the shape with the most headers wins. Along the way it gathers the evidence for the date order, the
 * calendar, the meaning of unknown day-period words, and the file's own words for left-out media, edited
 * messages and attached files.
 */
import type { ImportWarning } from '../../../src-shared/api/imports';
import type { DateOrder } from '../../../src-shared/messages';
import { AppError } from '../../errors';
import type { Calendar } from './calendar';
import { digitValue, isInvisible, isLetter, skipInvisible } from './chars';
import { DateEvidence } from './date-evidence';
import {
  HeaderFields,
  HeaderMatcher,
  sniffHeader,
  type DayPeriodMarker,
  type HeaderShape,
  type SniffedHeader,
} from './header';
import type { ExportFormat, FormatScanner, FormatScanResult, ScanOptions } from './types';
import { ATTACHED_PHRASES, EDITED_MARKERS, EXACT_BODIES } from './vocabulary';

/** The format of a WhatsApp export as the scanner describes it to the parser (and the import record). */
export interface WhatsAppFormat extends ExportFormat {
  header: HeaderShape;
  /** The day-period words of a 12-hour clock as this file writes them. */
  dayPeriods: { text: string; pm: boolean }[];
  calendar: Calendar;
  /** Words this file uses that the built-in vocabulary lacks (learnt from their recurrence). */
  learnt: { mediaPlaceholders: string[]; editedMarkers: string[]; attachedPhrases: string[] };
}

/** Without a header within this much text, a file is not an export. */
const MAX_LINES_BEFORE_HEADER = 1000;
const MAX_CHARS_BEFORE_HEADER = 1 << 20;
/** Headers of one shape after which the format can be settled (see #isSettled). */
const SETTLE_AFTER_HEADERS = 2000;
/** A word must recur this often before it is taken for one of WhatsApp's markers. */
const MIN_RECURRENCE = 3;

interface TrackedMarker extends DayPeriodMarker {
  /** Headers with this day period that are the first of their date (mostly AM). */
  firstOfDay: number;
}

interface Candidate {
  shape: HeaderShape;
  key: string;
  evidence: DateEvidence;
  markers: TrackedMarker[];
  matcher: HeaderMatcher;
  prevDate: number;
}

export class WhatsAppFormatScanner implements FormatScanner {
  readonly #options: ScanOptions;
  readonly #candidates = new Map<string, Candidate>();
  #primary: Candidate | null = null;
  readonly #fields = new HeaderFields();
  #headers = 0;
  /** Lines read before the format settled. */
  #lines = 0;
  #settled = false;
  #linesBeforeHeader = 0;
  #charsBeforeHeader = 0;
  readonly #angleBodies = new Map<string, number>();
  readonly #angleSuffixes = new Map<string, number>();
  readonly #attachedPhrases = new Map<string, number>();

  constructor(options: ScanOptions) {
    this.#options = options;
  }

  pushText(text: string): void {
    if (this.#settled) return this.#learnOnly(text, 0);
    const f = this.#fields;
    const size = text.length;
    let p = 0;
    while (p < size) {
      if ((++this.#lines & 0xfff) === 0 && this.#isSettled()) {
        this.#settled = true;
        return this.#learnOnly(text, p);
      }
      let e = text.indexOf('\n', p);
      if (e < 0) e = size;
      const from = p;
      p = e + 1;
      if (e === from) continue;
      let bodyAt = -1;
      const primary = this.#primary;
      if (primary !== null && primary.matcher.matchAt(text, from, e, f)) {
        this.#record(primary, f, f.marker as TrackedMarker | null);
        bodyAt = f.rest - from;
      } else if (this.#maySniff(text, from)) {
        const sniffed = sniffHeader(text.slice(from, e));
        if (sniffed) {
          this.#recordSniffed(sniffed);
          bodyAt = sniffed.fields.rest;
        }
      }
      if (bodyAt < 0 && this.#headers === 0) this.#beforeHeader(text.slice(from, e));
      const last = text.charCodeAt(e - 1);
      if (last === 0x3e) this.#learnAngle(text.slice(from, e), Math.max(bodyAt, 0));
      else if (last === 0x29) this.#learnAttached(text.slice(from, e));
    }
    this.#settled = this.#isSettled();
  }

  /**
   * Once nothing the remaining headers say can change the format — one shape with thousands of headers
   * and almost all of them, the date order settled by a number above 12 (or given), both day periods of a
   * 12-hour clock seen — the rest of the file is only read for the words it teaches.
   */
  #isSettled(): boolean {
    const primary = this.#primary;
    if (primary === null || primary.evidence.count < SETTLE_AFTER_HEADERS) return false;
    if (primary.evidence.count < this.#headers * 0.99) return false;
    if (this.#options.dateOrder === undefined && !primary.evidence.orderSettled) return false;
    if (primary.shape.dayPeriod === 'none') return true;
    const pm = new Set(primary.markers.map((m) => m.pm));
    return pm.has(true) && pm.has(false) && !pm.has(null);
  }

  /** Only the lines that end in `>` or `)` teach words: found by searching the block, not line by line. */
  #learnOnly(text: string, from: number): void {
    const f = this.#fields;
    const matcher = this.#primary!.matcher;
    eachLineEndingWith(text, from, '>', (line) =>
      this.#learnAngle(line, matcher.match(line, f) ? f.rest : 0),
    );
    eachLineEndingWith(text, from, ')', (line) => this.#learnAttached(line));
  }

  /** Sniffing is for lines that can start a header; once a shape is known, only digit and `[` starts. */
  #maySniff(text: string, from: number): boolean {
    const c = text.charCodeAt(isInvisible(text.charCodeAt(from)) ? skipInvisible(text, from) : from);
    if (c === 0x5b || digitValue(c) >= 0) return true;
    return this.#primary === null && (isLetter(c) || c >= 0x3000);
  }

  #beforeHeader(line: string): void {
    if (line.includes('\u0000')) {
      throw new AppError('not-whatsapp', 'This is a binary file, not a WhatsApp chat export.');
    }
    this.#linesBeforeHeader++;
    this.#charsBeforeHeader += line.length;
    if (
      this.#linesBeforeHeader > MAX_LINES_BEFORE_HEADER ||
      this.#charsBeforeHeader >= MAX_CHARS_BEFORE_HEADER
    ) {
      throw notAnExport();
    }
  }

  #recordSniffed(sniffed: SniffedHeader): void {
    const key = JSON.stringify(sniffed.shape);
    let candidate = this.#candidates.get(key);
    if (!candidate) {
      const markers: TrackedMarker[] = [];
      candidate = {
        shape: sniffed.shape,
        key,
        evidence: new DateEvidence(sniffed.shape),
        markers,
        matcher: new HeaderMatcher(sniffed.shape, markers),
        prevDate: -1,
      };
      this.#candidates.set(key, candidate);
    }
    let marker: TrackedMarker | null = null;
    if (sniffed.marker) {
      const text = sniffed.marker.text;
      marker = candidate.markers.find((m) => m.text === text) ?? null;
      if (!marker) {
        marker = { text, pm: sniffed.marker.pm, firstOfDay: 0 };
        candidate.markers.push(marker);
      }
    }
    this.#record(candidate, sniffed.fields, marker);
    if (
      this.#primary === null ||
      (candidate !== this.#primary && candidate.evidence.count > this.#primary.evidence.count)
    ) {
      this.#primary = candidate;
    }
  }

  #record(candidate: Candidate, f: HeaderFields, marker: TrackedMarker | null): void {
    this.#headers++;
    candidate.evidence.add(f.f1, f.f2, f.f3);
    const date = (f.f3 * 100 + f.f2) * 100 + f.f1;
    if (date !== candidate.prevDate) {
      if (marker) marker.firstOfDay++;
      candidate.prevDate = date;
    }
  }

  /** `<…>` as a whole body (media left out) or at the end of one (an edited message). */
  #learnAngle(line: string, bodyAt: number): void {
    const open = line.lastIndexOf('<');
    if (open < bodyAt || line.length - open > 64) return;
    const marker = line.slice(open);
    if (EXACT_BODIES.has(marker) || EDITED_MARKERS.includes(marker) || !looksLikeWords(marker)) return;
    let start = bodyAt;
    if (bodyAt > 0) {
      const colon = line.indexOf(': ', bodyAt);
      start = colon < 0 ? bodyAt : colon + 2;
    }
    start = skipInvisible(line, start);
    if (open === start) {
      // A whole body (continuation lines are never one).
      if (bodyAt > 0) this.#angleBodies.set(marker, (this.#angleBodies.get(marker) ?? 0) + 1);
    } else if (line.charCodeAt(open - 1) === 0x20) {
      this.#angleSuffixes.set(marker, (this.#angleSuffixes.get(marker) ?? 0) + 1);
    }
  }

  #learnAttached(line: string): void {
    if (!line.includes('-WA')) return;
    const m = /[A-Z]{3}-\d{8}-WA\d+\.\w+ \(([^()]{2,40})\)$/.exec(line);
    if (m && !ATTACHED_PHRASES.has(m[1]!)) {
      this.#attachedPhrases.set(m[1]!, (this.#attachedPhrases.get(m[1]!) ?? 0) + 1);
    }
  }

  finish(): FormatScanResult {
    let best: Candidate | null = null;
    for (const c of this.#candidates.values()) {
      if (!best || c.evidence.count > best.evidence.count) best = c;
    }
    if (!best) throw notAnExport();
    const warnings: ImportWarning[] = [];
    const decided = best.evidence.decideOrder();
    const override: DateOrder | undefined = this.#options.dateOrder;
    const fixedOrder = best.shape.yearFirst || best.shape.date === 'name';
    const dayPeriods = resolveDayPeriods(best.markers, warnings);
    const format: WhatsAppFormat = {
      platform: best.shape.bracket ? 'ios' : 'android',
      // Only a day/month order can be overridden: year-first and month-name dates say what they are.
      dateOrder: fixedOrder ? decided.order : (override ?? decided.order),
      header: best.shape,
      dayPeriods,
      calendar: best.evidence.calendar(),
      learnt: {
        mediaPlaceholders: recurring(this.#angleBodies),
        editedMarkers: recurring(this.#angleSuffixes),
        attachedPhrases: [...this.#attachedPhrases.keys()],
      },
    };
    return {
      format,
      dateOrderCertain: decided.certain || (override !== undefined && !fixedOrder),
      warnings,
    };
  }
}

/** Calls `fn` with every line of `text` from `from` on whose last character is `last`. */
function eachLineEndingWith(text: string, from: number, last: string, fn: (line: string) => void): void {
  const lineEnd = `${last}\n`;
  const tail = text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? text.length : -1;
  for (let q = text.indexOf(lineEnd, from); ; q = text.indexOf(lineEnd, q + 2)) {
    const end = q >= 0 ? q + 1 : tail; // the last line may lack its line end
    if (end < 0 || (end === tail && text.charCodeAt(tail - 1) !== last.charCodeAt(0))) return;
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (start >= from) fn(text.slice(start, end));
    if (q < 0) return;
  }
}

function notAnExport(): AppError {
  return new AppError(
    'not-whatsapp',
    'This file is not a WhatsApp chat export: none of its lines starts like a WhatsApp message (date, time, name).',
  );
}

/** Letters and spaces (a phrase of WhatsApp's), not markup or a number. */
function looksLikeWords(marker: string): boolean {
  return /^<\p{L}[\p{L}\p{M} .'’-]*\p{L}\.?>$/u.test(marker);
}

function recurring(counts: Map<string, number>): string[] {
  return [...counts]
    .filter(([, n]) => n >= MIN_RECURRENCE)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([text]) => text);
}

/**
 * Day periods whose meaning no vocabulary knew: of two words, the one that starts a new date more often is
 * the morning; one unknown word beside a known one is its opposite.
 */
function resolveDayPeriods(
  markers: TrackedMarker[],
  warnings: ImportWarning[],
): WhatsAppFormat['dayPeriods'] {
  const unknown = markers.filter((m) => m.pm === null);
  if (unknown.length > 0) {
    const known = markers.filter((m) => m.pm !== null);
    const knownPm = new Set(known.map((m) => m.pm));
    if (unknown.length === 1 && knownPm.size === 1) {
      unknown[0]!.pm = !known[0]!.pm;
    } else if (unknown.length === 2 && known.length === 0) {
      const [a, b] = unknown as [TrackedMarker, TrackedMarker];
      a.pm = a.firstOfDay < b.firstOfDay;
      b.pm = !a.pm;
    } else {
      for (const m of unknown) m.pm = false;
      warnings.push({
        code: 'other',
        message: `The 12-hour clock words ${unknown.map((m) => `"${m.text}"`).join(', ')} are unknown; they were read as AM.`,
      });
    }
  }
  return markers.map((m) => ({ text: m.text, pm: m.pm === true }));
}

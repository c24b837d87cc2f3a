/**
 * Pass 2: blocks of lines → messages, with the matcher compiled for the file's format. A line that is not
 * a header of exactly that format continues the message before it; lines before the first header are
 * counted as unparsed. Lines are read in place in the block: a message's body is one slice of it.
 */
import type { DateOrder } from '../../../src-shared/messages';
import { BodyReader } from './body';
import { daysFromCalendar, daysFromCivil, daysInMonth, type Calendar } from './calendar';
import { isInvisible, isSpace, stripInvisible } from './chars';
import { HeaderFields, HeaderMatcher, eraYear, hour24, type HeaderShape } from './header';
import type { WhatsAppFormat } from './scanner';
import type { LineHints, MessageParser, ParsedMessage, UnparsedLines } from './types';
import { QUOTE_RE, systemTypeOf } from './vocabulary';

const MAX_UNPARSED_SAMPLES = 5;
const MAX_SAMPLE_LENGTH = 200;
/** A name longer than this before `: ` is a system text that quotes something, not an author. */
const MAX_AUTHOR_LENGTH = 100;
/**
 * WhatsApp caps a message at 65,536 characters. A message that grows past this with continuation lines
 * (text that is not an export, after one header) ends there, so no message can grow with the file.
 */
const MAX_MESSAGE_LENGTH = 1 << 20;
/** Authors compared in place before the name map is asked. */
const RECENT_AUTHORS = 4;

export class WhatsAppMessageParser implements MessageParser {
  readonly unparsed: UnparsedLines = { count: 0, samples: [] };
  readonly #matcher: HeaderMatcher;
  readonly #dates: DateResolver;
  readonly #body: BodyReader;
  readonly #fields = new HeaderFields();
  /**
   * The current message, in place: `#src` holds it from `#start` (its header line) to `#headEnd` (that
   * line's end) and on through its continuation lines; `#rest` is where its author starts. Within the
   * block being read `#src` is that block; a message still open when a block ends is cut out of it.
   */
  #open = false;
  #src = '';
  #inBlock = false;
  #start = 0;
  #headEnd = 0;
  #rest = 0;
  #headNo = 0;
  #headTs = 0;
  #multiline = false;
  /** The current message's lines may hold invisible marks. */
  #marks = true;
  /** Number of the next line. */
  #lineNo = 1;
  /** The last search for `: ` (see #colonAfter): in which string, from where, and what it found. */
  #colonSrc = '';
  #colonFrom = 0;
  #colonAt = -1;
  /** Raw author text → display name, and the last few of them (see #recentAuthor). */
  readonly #authors = new Map<string, string>();
  readonly #recentRaw: string[] = [];
  readonly #recentName: string[] = [];
  /** Names iOS writes before system messages: the chat's name. */
  readonly #chatNames = new Map<string, number>();

  constructor(format: WhatsAppFormat) {
    this.#matcher = new HeaderMatcher(
      format.header,
      format.dayPeriods.map((p) => ({ ...p })),
    );
    this.#dates = new DateResolver(format.header, format.dateOrder, format.calendar);
    this.#body = new BodyReader(format);
  }

  pushText(text: string, out: ParsedMessage[], hints?: LineHints): void {
    const f = this.#fields;
    const matcher = this.#matcher;
    const marks = hints?.marks ?? true;
    const size = text.length;
    let lineNo = this.#lineNo;
    for (let p = 0; p < size; lineNo++) {
      let e = text.indexOf('\n', p);
      if (e < 0) e = size;
      if (matcher.matchAt(text, p, e, f)) {
        const ts = this.#timestamp(f);
        if (ts === ts) {
          if (this.#open) out.push(this.#close(text, p));
          this.#open = true;
          this.#src = text;
          this.#inBlock = true;
          this.#start = p;
          this.#headEnd = e;
          this.#rest = f.rest;
          this.#headNo = lineNo;
          this.#headTs = ts;
          this.#multiline = false;
          this.#marks = marks;
          p = e + 1;
          continue;
        }
      }
      if (this.#open) {
        const length = this.#inBlock ? e - this.#start : this.#src.length + 1 + e;
        if (length <= MAX_MESSAGE_LENGTH) {
          this.#multiline = true;
          if (marks) this.#marks = true;
          p = e + 1;
          continue;
        }
        // Longer than any WhatsApp message: the lines up to the next header are not understood.
        out.push(this.#close(text, p));
        this.#open = false;
      }
      if (e > p) this.#unparsedLine(lineNo, text.slice(p, e));
      p = e + 1;
    }
    this.#lineNo = lineNo;
    if (this.#open) this.#carry(text);
  }

  /** The open message, ended by the line at `at` of `text`. */
  #close(text: string, at: number): ParsedMessage {
    if (this.#inBlock) return this.#build(at - 1);
    // Begun in an earlier block: its continuation lines in this one are joined to it.
    if (at > 0) this.#src = `${this.#src}\n${text.slice(0, at - 1)}`;
    return this.#build(this.#src.length);
  }

  /** Keeps the open message past the end of `text`, the block it was read from. */
  #carry(text: string): void {
    const end = text.charCodeAt(text.length - 1) === 10 ? text.length - 1 : text.length;
    if (this.#inBlock) {
      const start = this.#start;
      this.#src = text.slice(start, end);
      this.#headEnd -= start;
      this.#rest -= start;
      this.#start = 0;
      this.#inBlock = false;
    } else if (text.length > 0) this.#src = `${this.#src}\n${text.slice(0, end)}`;
  }

  get chatName(): string | null {
    let best: string | null = null;
    let most = 0;
    for (const [name, n] of this.#chatNames) {
      if (n > most) [best, most] = [name, n];
    }
    return best;
  }

  finish(out: ParsedMessage[]): void {
    if (this.#open) out.push(this.#build(this.#src.length)); // carried: #src is the whole message
    this.#open = false;
    this.#src = '';
  }

  /** Wall-clock seconds of a header, or NaN if its date or time cannot be. */
  #timestamp(f: HeaderFields): number {
    const days = this.#dates.days(f);
    const hour = hour24(f);
    if (hour < 0) return Number.NaN;
    return days * 86_400 + hour * 3600 + f.minute * 60 + f.second;
  }

  #unparsedLine(lineNo: number, line: string): void {
    this.unparsed.count++;
    if (this.unparsed.samples.length < MAX_UNPARSED_SAMPLES) {
      this.unparsed.samples.push({ line: lineNo, text: line.slice(0, MAX_SAMPLE_LENGTH) });
    }
  }

  /** The open message, which ends at `end` of `#src`. */
  #build(end: number): ParsedMessage {
    const src = this.#src;
    const rest = this.#rest;
    const headEnd = this.#headEnd;
    let author: string | null = null;
    let bodyAt = rest;
    const recent = this.#recentAuthor(src, rest, headEnd);
    if (recent >= 0) {
      author = this.#recentName[recent]!;
      bodyAt = Math.min(rest + this.#recentRaw[recent]!.length + 2, headEnd);
    } else {
      // The first `: ` in the header line, else a `:` that ends it.
      let colon = this.#colonAfter(src, rest);
      if (colon < 0 || colon >= headEnd) colon = src.charCodeAt(headEnd - 1) === 0x3a ? headEnd - 1 : -1;
      if (colon >= 0) {
        author = this.#author(src.slice(rest, colon));
        if (author !== null) bodyAt = Math.min(colon + 2, headEnd);
      }
    }
    const raw = bodyAt === 0 && end === src.length ? src : src.slice(bodyAt, end);
    const m: ParsedMessage = {
      ts: this.#headTs,
      author,
      text: raw,
      kind: 'text',
      subtype: null,
      edited: false,
      attachment: null,
      line: this.#headNo,
    };
    if (author === null) {
      m.kind = 'system';
      m.text = stripInvisible(raw);
      m.subtype = systemTypeOf(m.text);
    } else if (this.#body.read(m, raw, this.#marks, this.#multiline)) {
      this.#chatNames.set(author, (this.#chatNames.get(author) ?? 0) + 1);
    }
    return m;
  }

  /**
   * The first `: ` in `src` from `from` on, or -1. The search may run past the header line into the block;
   * what it found is remembered, so a run of system messages (no `: ` in their lines) searches each
   * stretch once instead of once per message, which would be quadratic in the run.
   */
  #colonAfter(src: string, from: number): number {
    if (src !== this.#colonSrc || from < this.#colonFrom || from > this.#colonAt) {
      const at = src.indexOf(': ', from);
      this.#colonSrc = src;
      this.#colonFrom = from;
      this.#colonAt = at < 0 ? src.length : at;
    }
    return this.#colonAt === src.length ? -1 : this.#colonAt;
  }

  /**
   * Which of the last few authors (if any) is written at `from`, followed by `: ` — compared in place, so
   * the runs of replies between a handful of people that make up most chats need no search and no string.
   * (A known raw name never holds `: `: names are cut at the first one.)
   */
  #recentAuthor(line: string, from: number, lineEnd: number): number {
    const raws = this.#recentRaw;
    for (let k = 0; k < raws.length; k++) {
      const raw = raws[k]!;
      const n = raw.length;
      const end = from + n;
      if (
        end >= lineEnd ||
        line.charCodeAt(end) !== 0x3a ||
        (end + 1 < lineEnd && line.charCodeAt(end + 1) !== 0x20)
      )
        continue;
      // A plain loop: startsWith with a position is several times slower on sliced strings.
      let i = 0;
      while (i < n && raw.charCodeAt(i) === line.charCodeAt(from + i)) i++;
      if (i === n) return k;
    }
    return -1;
  }

  /** The display name for a raw author, or null if the text before `: ` is not a name. */
  #author(raw: string): string | null {
    let name = this.#authors.get(raw);
    if (name === undefined) {
      if (raw.length > MAX_AUTHOR_LENGTH || QUOTE_RE.test(raw)) return null;
      name = cleanAuthor(raw);
      if (name.length === 0) return null;
      this.#authors.set(raw, name);
    }
    // Most recent first; the oldest drops out.
    this.#recentRaw.unshift(raw);
    this.#recentName.unshift(name);
    if (this.#recentRaw.length > RECENT_AUTHORS) {
      this.#recentRaw.pop();
      this.#recentName.pop();
    }
    return name;
  }
}

/** Without invisible marks, and without the `~ ` WhatsApp puts before names that are not in the contacts. */
export function cleanAuthor(raw: string): string {
  let name = stripInvisible(raw).trim();
  if (name.charCodeAt(0) === 0x7e /* ~ */) {
    let i = 1;
    while (i < name.length && (isSpace(name.charCodeAt(i)) || isInvisible(name.charCodeAt(i)))) i++;
    if (i < name.length) name = name.slice(i);
  }
  return name;
}

/** Header date numbers → days since 1970, for one file's order and calendar. */
class DateResolver {
  readonly #yearFirst: boolean;
  readonly #named: boolean;
  readonly #order: DateOrder;
  readonly #calendar: Calendar;
  #k1 = -1;
  #k2 = -1;
  #k3 = -1;
  #kEra = '';
  #days = 0;

  constructor(shape: HeaderShape, order: DateOrder, calendar: Calendar) {
    this.#yearFirst = shape.yearFirst;
    this.#named = shape.date === 'name';
    this.#order = order;
    this.#calendar = calendar;
  }

  days(f: HeaderFields): number {
    if (f.f1 === this.#k1 && f.f2 === this.#k2 && f.f3 === this.#k3 && f.era === this.#kEra)
      return this.#days;
    let y: number;
    let m: number;
    let d: number;
    if (this.#yearFirst || (this.#order === 'ymd' && !this.#named)) [y, m, d] = [f.f1, f.f2, f.f3];
    else if (this.#named || this.#order === 'dmy') [d, m, y] = [f.f1, f.f2, f.f3];
    else [m, d, y] = [f.f1, f.f2, f.f3];
    const days = this.#toDays(y, m, d, f.era);
    this.#k1 = f.f1;
    this.#k2 = f.f2;
    this.#k3 = f.f3;
    this.#kEra = f.era;
    this.#days = days;
    return days;
  }

  #toDays(y: number, m: number, d: number, era: string): number {
    if (m < 1 || m > 12 || d < 1) return Number.NaN;
    const calendar = this.#calendar;
    if (calendar === 'persian' || calendar === 'islamic') {
      return daysFromCalendar(calendar, y < 100 ? y + 1400 : y, m, d);
    }
    if (calendar === 'gregorian') y = y < 100 ? y + 2000 : y;
    else if (calendar === 'buddhist') y = y < 100 ? y + 1957 : y - 543;
    else y = eraYear(era, y);
    if (!(d <= daysInMonth(y, m))) return Number.NaN;
    return daysFromCivil(y, m, d);
  }
}

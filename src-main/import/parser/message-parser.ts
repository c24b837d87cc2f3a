/**
 * Pass 2: lines → messages, with the matcher compiled for the file's format. A line that is not a header
 * of exactly that format continues the message before it; lines before the first header are counted as
 * unparsed.
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
/** Authors compared in place before the name map is asked. */
const RECENT_AUTHORS = 4;

export class WhatsAppMessageParser implements MessageParser {
  readonly unparsed: UnparsedLines = { count: 0, samples: [] };
  readonly #matcher: HeaderMatcher;
  readonly #dates: DateResolver;
  readonly #body: BodyReader;
  readonly #fields = new HeaderFields();
  /** The current message: its header line, where its author starts, its continuation lines. */
  #head: string | null = null;
  #headNo = 0;
  #headTs = 0;
  #rest = 0;
  #more: string[] | null = null;
  /** The current message's lines may hold invisible marks. */
  #marks = true;
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

  pushLines(lines: string[], firstLineNo: number, out: ParsedMessage[], hints?: LineHints): void {
    const f = this.#fields;
    const matcher = this.#matcher;
    const marks = hints?.marks ?? true;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      if (matcher.match(line, f)) {
        const ts = this.#timestamp(f);
        if (ts === ts) {
          if (this.#head !== null) out.push(this.#build());
          this.#head = line;
          this.#headNo = firstLineNo + k;
          this.#headTs = ts;
          this.#rest = f.rest;
          this.#more = null;
          this.#marks = marks;
          continue;
        }
      }
      if (this.#head !== null) {
        if (this.#more === null) this.#more = [line];
        else this.#more.push(line);
        if (marks) this.#marks = true;
      } else if (line.length > 0) this.#unparsedLine(firstLineNo + k, line);
    }
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
    if (this.#head !== null) out.push(this.#build());
    this.#head = null;
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

  #build(): ParsedMessage {
    const line = this.#head!;
    const rest = this.#rest;
    let author: string | null = null;
    let bodyAt = rest;
    const recent = this.#recentAuthor(line, rest);
    if (recent >= 0) {
      author = this.#recentName[recent]!;
      bodyAt = Math.min(rest + this.#recentRaw[recent]!.length + 2, line.length);
    } else {
      let colon = line.indexOf(': ', rest);
      if (colon < 0 && line.charCodeAt(line.length - 1) === 0x3a) colon = line.length - 1;
      if (colon >= 0) {
        author = this.#author(line.slice(rest, colon));
        if (author !== null) bodyAt = Math.min(colon + 2, line.length);
      }
    }
    let raw = bodyAt === 0 ? line : line.slice(bodyAt);
    if (this.#more !== null) raw = `${raw}\n${this.#more.join('\n')}`;
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
    } else if (this.#body.read(m, raw, this.#marks, this.#more !== null)) {
      this.#chatNames.set(author, (this.#chatNames.get(author) ?? 0) + 1);
    }
    return m;
  }

  /**
   * Which of the last few authors (if any) is written at `from`, followed by `: ` — compared in place, so
   * the runs of replies between a handful of people that make up most chats need no search and no string.
   * (A known raw name never holds `: `: names are cut at the first one.)
   */
  #recentAuthor(line: string, from: number): number {
    const raws = this.#recentRaw;
    for (let k = 0; k < raws.length; k++) {
      const raw = raws[k]!;
      const n = raw.length;
      const end = from + n;
      if (line.charCodeAt(end) !== 0x3a || (end + 1 < line.length && line.charCodeAt(end + 1) !== 0x20))
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

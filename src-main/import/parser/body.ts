/**
 * A message body → kind, subtype, text, edited flag and attachment. Markers (media placeholders, attachment
 * markers, the edited marker) are removed from the text; a caption is kept; a deleted message keeps its
 * words. Plain text — nearly every message — passes a handful of single-character tests and one map lookup.
 */
import { mediaTypeOf } from '../export-file';
import type { ParsedMessage } from './types';
import { stripInvisible } from './chars';
import type { WhatsAppFormat } from './scanner';
import {
  ANDROID_ATTACHMENT_RE,
  ATTACHED_PHRASES,
  DOCUMENT_OMITTED_SUFFIXES,
  EDITED_MARKERS,
  EXACT_BODIES,
  IOS_ATTACHMENT_RE,
  LOCATION_RE,
  POLL_HEAD_RE,
  POLL_OPTION_RE,
  WA_FILE_NAME_RE,
  systemTypeOf,
  type Classification,
} from './vocabulary';

const LRM = 0x200e;
/** Bodies longer than this are never a marker on their own. */
const MAX_MARKER_BODY = 80;
/** `https://maps.google.com/?q=` and the shortest other maps link are at least this long. */
const MIN_LOCATION = 24;

export class BodyReader {
  readonly #exact: ReadonlyMap<string, Classification>;
  /** Length and low byte of the first code unit of every exact body: most texts skip the map. */
  readonly #exactKeys: Uint8Array;
  readonly #edited: ReadonlySet<string>;
  readonly #attached: ReadonlySet<string>;

  constructor(format: WhatsAppFormat) {
    const learnt = format.learnt;
    if (learnt.mediaPlaceholders.length > 0) {
      const exact = new Map(EXACT_BODIES);
      for (const p of learnt.mediaPlaceholders) exact.set(p, { kind: 'media', subtype: 'other' });
      this.#exact = exact;
    } else this.#exact = EXACT_BODIES;
    this.#exactKeys = new Uint8Array((MAX_MARKER_BODY + 1) << 8);
    for (const body of this.#exact.keys()) {
      if (body.length <= MAX_MARKER_BODY)
        this.#exactKeys[(body.length << 8) | (body.charCodeAt(0) & 0xff)] = 1;
    }
    this.#edited = new Set([...EDITED_MARKERS, ...learnt.editedMarkers]);
    this.#attached =
      learnt.attachedPhrases.length > 0
        ? new Set([...ATTACHED_PHRASES, ...learnt.attachedPhrases])
        : ATTACHED_PHRASES;
  }

  /**
   * Fills `m` from the raw body (as written, marks included); `m` comes as a plain text message (kind
   * `text`, no subtype, not edited, no attachment) with its author set, which is cleared here for system
   * messages. Returns true when the name before the body was the chat's (an iOS system message).
   */
  read(m: ParsedMessage, raw: string, marks = true, multiline = true): boolean {
    // iOS starts media, deleted and system bodies with U+200E.
    const marked = marks && raw.charCodeAt(0) === LRM;
    let text = marks ? stripInvisible(raw) : raw;
    let len = text.length;
    if (len > 0 && text.charCodeAt(len - 1) === 0x3e /* > */) {
      const open = lastIndexOfChar(text, 0x3c /* < */, MAX_MARKER_BODY);
      if (open >= 0 && this.#edited.has(open === 0 ? text : text.slice(open))) {
        text = text.slice(0, open).trimEnd();
        len = text.length;
        m.edited = true;
      }
    }
    if (len <= MAX_MARKER_BODY && this.#exactKeys[(len << 8) | (text.charCodeAt(0) & 0xff)] === 1) {
      const exact = this.#exact.get(text);
      if (exact !== undefined) {
        m.kind = exact.kind;
        m.subtype = exact.subtype;
        m.text = exact.kind === 'media' ? '' : text;
        if (exact.kind === 'system') m.author = null;
        return false;
      }
    }
    m.text = text;
    if (len === 0) return marked && this.#system(m);
    const newline = multiline ? text.indexOf('\n') : -1;
    const firstEnd = newline < 0 ? len : newline;
    const c0 = text.charCodeAt(0);
    if (c0 === 0x3c /* < */ && this.#iosAttachment(m, text)) return false;
    if (text.charCodeAt(firstEnd - 1) === 0x29 /* ) */ && this.#androidAttachment(m, text, firstEnd)) {
      return false;
    }
    if (marked && this.#documentOmitted(m, text)) return false;
    // A location ends with its link: look right after the last space (or at the start) first.
    if (
      newline < 0 &&
      len >= MIN_LOCATION &&
      text.startsWith('https://', lastIndexOfChar(text, 0x20, len) + 1) &&
      LOCATION_RE.test(text)
    ) {
      m.kind = 'location';
      return false;
    }
    if (
      newline > 0 &&
      text.charCodeAt(newline - 1) === 0x3a /* : */ &&
      POLL_HEAD_RE.test(text.slice(0, newline)) &&
      POLL_OPTION_RE.test(text)
    ) {
      m.kind = 'poll';
      return false;
    }
    return marked && this.#system(m);
  }

  #system(m: ParsedMessage): true {
    m.kind = 'system';
    m.subtype = systemTypeOf(m.text);
    m.author = null;
    return true;
  }

  /** `<attached: 00000042-PHOTO-….jpg>` and a caption after it. */
  #iosAttachment(m: ParsedMessage, text: string): boolean {
    const match = IOS_ATTACHMENT_RE.exec(text);
    if (!match) return false;
    this.#media(m, match[1]!.trim(), text.slice(match[0].length).trim());
    return true;
  }

  /** `IMG-20220101-WA0001.jpg (file attached)` and a caption on the next lines. */
  #androidAttachment(m: ParsedMessage, text: string, firstEnd: number): boolean {
    const match = ANDROID_ATTACHMENT_RE.exec(firstEnd === text.length ? text : text.slice(0, firstEnd));
    if (!match) return false;
    const name = match[1]!;
    if (!this.#attached.has(match[2]!) && !WA_FILE_NAME_RE.test(name)) return false;
    this.#media(m, name, firstEnd === text.length ? '' : text.slice(firstEnd + 1));
    return true;
  }

  /** iOS `‎report.pdf • ‎3 pages ‎document omitted`: the description stays as the text. */
  #documentOmitted(m: ParsedMessage, text: string): boolean {
    for (const suffix of DOCUMENT_OMITTED_SUFFIXES) {
      if (text.endsWith(suffix)) {
        m.kind = 'media';
        m.subtype = 'document';
        m.text = text.slice(0, text.length - suffix.length).trim();
        return true;
      }
    }
    return false;
  }

  #media(m: ParsedMessage, name: string, caption: string): void {
    m.kind = 'media';
    m.subtype = mediaTypeOf(name);
    m.attachment = name;
    m.text = caption;
  }
}

/** Index of the last `code` among the last `within` code units of `s`, or -1 (a JS loop: the engine's
 * lastIndexOf is a runtime call, slower for the few characters looked at here). */
function lastIndexOfChar(s: string, code: number, within: number): number {
  const stop = Math.max(0, s.length - within);
  for (let i = s.length - 1; i >= stop; i--) if (s.charCodeAt(i) === code) return i;
  return -1;
}

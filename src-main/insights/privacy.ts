/**
 * Pseudonymisation of everything an insight sends: participant names become "Person A", "Person B"…
 * (as authors and inside texts: full names, first or last names alone, nicknames that are a prefix of a
 * name, any case, possessives), and phone numbers, e-mail addresses and links become placeholders such as
 * "[phone 1]". Every replacement is recorded, so the original of any slice of a pseudonymised text can be
 * restored exactly (for quotes) and names can be put back into what the model wrote (for display). Nothing
 * here leaves the computer: the mapping stays local.
 */
import { eng } from 'stopword';

export interface Replacement {
  /** Where the placeholder is in the pseudonymised text: [start, end). */
  start: number;
  end: number;
  original: string;
}

export interface Pseudonymised {
  text: string;
  replacements: Replacement[];
}

export interface PersonAlias {
  name: string;
  pseudonym: string;
}

/**
 * Words that are also first names (or what people save a contact as). Such a name is replaced only where
 * it reads as a name: capitalised, and at the start of a sentence only if no pronoun follows ("Will you…"
 * is a question, "Will said…" is a person).
 */
const NAME_LIKE_WORDS = [
  'will',
  'mark',
  'may',
  'june',
  'april',
  'august',
  'rose',
  'grace',
  'hope',
  'joy',
  'faith',
  'bill',
  'frank',
  'art',
  'amber',
  'ruby',
  'jade',
  'summer',
  'autumn',
  'dawn',
  'sunny',
  'rich',
  'pat',
  'sue',
  'rob',
  'bob',
  'jack',
  'max',
  'ray',
  'sky',
  'star',
  'angel',
  'honey',
  'baby',
  'babe',
  'love',
  'sweetie',
  'mum',
  'mom',
  'mama',
  'dad',
  'papa',
  'bro',
  'sis',
  'king',
  'queen',
  'don',
  'gene',
  'penny',
  'drew',
  'chase',
  'hunter',
  'river',
  'page',
  'lane',
  'dean',
  'miles',
  'price',
  'young',
  'white',
  'black',
  'brown',
  'green',
  'stone',
  'bell',
  'cook',
  'wood',
  'hill',
  'ash',
  'holly',
  'ivy',
  'iris',
  'lily',
  'olive',
  'violet',
  'daisy',
  'poppy',
];
const COMMON = new Set([...eng.map((w) => w.toLowerCase()), ...NAME_LIKE_WORDS]);
const FOLLOWERS_OF_A_VERB = new Set(
  'you u ya we they i he she it this that there the a an your my our his her its anyone someone somebody everyone not'.split(
    ' ',
  ),
);

const LETTER = String.raw`\p{L}\p{M}\p{N}_`;
const URL = String.raw`(?:https?:\/\/|www\.)[^\s<>"']+`;
const EMAIL = String.raw`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`;
// A run of digits with the separators phone numbers use; checked afterwards for 7+ digits (longer runs such as card numbers are redacted too) and not a date.
const PHONE = String.raw`(?<![${LETTER}])\+?\(?\d[\d\s().\-/]{5,}\d(?![${LETTER}])`;
const AMOUNT = /^\d{1,3}(,\d{3})+$|^\d+\.\d+$/;
const DATE = /^(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(\s+\d{1,2}(?:[:.]\d{2})?)?$/;

/** A date (optionally followed by the hour of a time) or an amount, which the phone pattern also matches. */
function isDateOrAmount(candidate: string): boolean {
  if (AMOUNT.test(candidate)) return true;
  const m = DATE.exec(candidate);
  if (!m) return false;
  const [a, b, c] = [m[1]!, m[3]!, m[4]!].map(Number) as [number, number, number];
  return m[1]!.length === 4 ? b <= 12 && c <= 31 : a <= 31 && b <= 31 && (a <= 12 || b <= 12);
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '');

/** Each accented letter to its base letter, one code unit for one, so match offsets stay the text's own. */
const baseLetters = new Map<string, string>();
function foldSameLength(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  let out = '';
  for (const ch of text.split('')) {
    let base = baseLetters.get(ch);
    if (base === undefined) {
      const d = ch.normalize('NFD');
      base = d.length > 1 && /^\p{M}+$/u.test(d.slice(1)) && d[0]!.length === 1 ? d[0]! : ch;
      baseLetters.set(ch, base);
    }
    out += base;
  }
  return out;
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "Person A" … "Person Z", "Person AA" … */
export function pseudonymFor(index: number): string {
  let label = '';
  let n = index;
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `Person ${label}`;
}

const PSEUDONYM = /\bPerson ([A-Z]{1,2})\b/g;
const PLACEHOLDER = /\[(phone|email|link) (\d+)\]/g;

/** The words of a display name, without emoji and symbols: "Alex 🌻 Smith" → ["Alex", "Smith"]. */
function nameWords(name: string): string[] {
  return name.match(/[\p{L}\p{M}][\p{L}\p{M}'’.-]*/gu)?.map((w) => w.replace(/[.'’-]+$/u, '')) ?? [];
}

function looksLikePhone(name: string): boolean {
  return (name.match(/\d/g)?.length ?? 0) >= 6 && !/\p{L}/u.test(name);
}

interface Variant {
  pseudonym: string;
  /** A single word that is also an ordinary word: replaced only where it reads as a name. */
  common: boolean;
  /** A nickname taken from the start of a longer name ("Chris" for "Christopher"). */
  prefixOf?: string;
}

export class Pseudonymiser {
  readonly people: PersonAlias[];
  readonly #byName = new Map<string, string>();
  readonly #variants = new Map<string, Variant>();
  readonly #prefixSources: { part: string; pseudonym: string }[] = [];
  readonly #pattern: RegExp;
  readonly #placeholders = new Map<string, string>();
  readonly #counters = { phone: 0, email: 0, link: 0 };
  readonly #byPlaceholder = new Map<string, string>();

  /** `participants` in a stable order (the chat's own), so the same chat always gets the same pseudonyms. */
  constructor(participants: readonly string[]) {
    this.people = participants.map((name, i) => ({ name, pseudonym: pseudonymFor(i) }));
    for (const { name, pseudonym } of this.people) this.#byName.set(name, pseudonym);

    const add = (text: string, variant: Variant) => {
      for (const form of new Set([text, fold(text)])) {
        const key = form.toLowerCase();
        // The first participant with a shared first name keeps it (ambiguity is rare and harmless here).
        if (key.length >= 2 && !this.#variants.has(key)) this.#variants.set(key, variant);
      }
    };
    // The first four letters of long names: only words starting so can be a nickname ("Chris…").
    const nicknameStems = new Set<string>();
    for (const { name, pseudonym } of this.people) {
      if (looksLikePhone(name)) continue; // the phone pattern covers it inside texts
      const words = nameWords(name);
      if (words.length === 0) continue;
      add(words.join(' '), { pseudonym, common: words.length === 1 && COMMON.has(words[0]!.toLowerCase()) });
      if (name.trim() !== words.join(' ') && /\p{L}/u.test(name))
        add(name.trim(), { pseudonym, common: false });
      for (const word of words) {
        for (const part of new Set([word, ...word.split(/[-'’]/)])) {
          if (part.length < 2) continue;
          add(part, { pseudonym, common: COMMON.has(part.toLowerCase()) });
          if (part.length >= 5 && !COMMON.has(part.toLowerCase())) {
            this.#prefixSources.push({ part: fold(part).toLowerCase(), pseudonym });
            for (const stem of [part, fold(part)]) nicknameStems.add(stem.slice(0, 4).toLowerCase());
          }
        }
      }
    }
    const alternatives = [...this.#variants.keys()]
      .sort((a, b) => b.length - a.length)
      .map((v) => escapeRegExp(v).replace(/ /g, '\\s+'));
    if (nicknameStems.size > 0)
      alternatives.push(`(?:${[...nicknameStems].map(escapeRegExp).join('|')})[\\p{L}\\p{M}]*`);
    // Links, e-mails, phones, then names (and words that could be a nickname).
    const names =
      alternatives.length > 0 ? `(?<![${LETTER}])(?<name>${alternatives.join('|')})(?![${LETTER}])` : null;
    this.#pattern = new RegExp(
      [`(?<link>${URL})`, `(?<email>${EMAIL})`, `(?<phone>${PHONE})`, ...(names ? [names] : [])].join('|'),
      'giu',
    );
  }

  /** The pseudonym of an author (null for system messages stays null). */
  author(name: string | null): string | null {
    if (name === null) return null;
    return this.#byName.get(name) ?? this.apply(name).text;
  }

  apply(text: string): Pseudonymised {
    const replacements: Replacement[] = [];
    let out = '';
    let last = 0;
    // Matched on a copy without accents (so "Nunez" finds "Núñez"), cut from the text itself.
    for (const match of foldSameLength(text).matchAll(this.#pattern)) {
      const groups = match.groups!;
      let original = text.slice(match.index, match.index + match[0].length);
      let replacement: string | null = null;
      if (groups.link !== undefined) {
        // A link's trailing punctuation is usually the sentence's.
        original = original.replace(/[.,;:!?)\]}]+$/u, '');
        replacement = this.#placeholder('link', original);
      } else if (groups.email !== undefined) {
        replacement = this.#placeholder('email', original);
      } else if (groups.phone !== undefined) {
        original = original.trim();
        const digits = original.replace(/\D/g, '').length;
        if (digits >= 7 && !isDateOrAmount(original)) replacement = this.#placeholder('phone', original);
      } else if (groups.name !== undefined) {
        replacement = this.#nameAt(text, match.index!, original);
      }
      if (replacement === null) continue;
      const start = match.index!;
      out += text.slice(last, start);
      replacements.push({ start: out.length, end: out.length + replacement.length, original });
      out += replacement;
      last = start + original.length;
    }
    out += text.slice(last);
    return { text: out, replacements };
  }

  #placeholder(kind: 'phone' | 'email' | 'link', original: string): string {
    const key = `${kind}:${kind === 'phone' ? original.replace(/\D/g, '') : original.toLowerCase()}`;
    let placeholder = this.#placeholders.get(key);
    if (!placeholder) {
      placeholder = `[${kind} ${++this.#counters[kind]}]`;
      this.#placeholders.set(key, placeholder);
      this.#byPlaceholder.set(placeholder, original);
    }
    return placeholder;
  }

  #nameAt(text: string, index: number, word: string): string | null {
    const key = word.toLowerCase().replace(/\s+/g, ' ');
    const variant = this.#variants.get(key) ?? this.#variants.get(fold(key)) ?? this.#prefixVariant(word);
    if (!variant) return null;
    if (!variant.common) return variant.pseudonym;
    // An ordinary word that is also a name: only where it reads as a name.
    if (word[0] !== word[0]!.toUpperCase() || word[0] === word[0]!.toLowerCase()) return null;
    if (word.length > 1 && word === word.toUpperCase()) return null; // "WILL" is shouting, not a name
    const before = text.slice(0, index);
    const sentenceStart = /(^|[.!?…]\s+|\n\s*)$/u.test(before);
    if (!sentenceStart) return variant.pseudonym;
    const next = /^[\s,]*([\p{L}']+)/u.exec(text.slice(index + word.length))?.[1]?.toLowerCase();
    return next !== undefined && FOLLOWERS_OF_A_VERB.has(next) ? null : variant.pseudonym;
  }

  #prefixVariant(word: string): Variant | undefined {
    const w = fold(word).toLowerCase();
    if (w.length < 4 || COMMON.has(w)) return undefined;
    const source = this.#prefixSources.find((s) => s.part.startsWith(w));
    return source ? { pseudonym: source.pseudonym, common: false, prefixOf: source.part } : undefined;
  }

  /** The original text of a slice of a pseudonymised text (see restoreSlice). */
  restoreSlice(pseudonymised: Pseudonymised, start?: number, end?: number): string {
    return restoreSlice(pseudonymised, start, end);
  }

  /** Placeholders handed out so far and what they stand for (kept locally, to restore the model's text). */
  placeholders(): Record<string, string> {
    return Object.fromEntries(this.#byPlaceholder);
  }

  /** Puts names and redacted values back into text the model wrote ("Person A's" → "Alex's"). */
  restoreNames(text: string): string {
    return restoreNames(text, this.people, this.placeholders());
  }
}

/** Puts names and redacted values back into text the model wrote ("Person A's" → "Alex's"). */
export function restoreNames(
  text: string,
  people: readonly PersonAlias[],
  placeholders: Record<string, string>,
): string {
  return text
    .replace(PSEUDONYM, (whole, label: string) => {
      const person = people.find((p) => p.pseudonym === `Person ${label}`);
      return person ? person.name : whole;
    })
    .replace(PLACEHOLDER, (whole) => placeholders[whole] ?? whole);
}

/** Restores names in every string of a JSON value (an insight result). */
export function restoreDeep<T>(value: T, restore: (text: string) => string): T {
  if (typeof value === 'string') return restore(value) as T;
  if (Array.isArray(value)) return value.map((v) => restoreDeep(v, restore)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreDeep(v, restore)])) as T;
  }
  return value;
}

/**
 * The original text of `pseudonymised.text.slice(start, end)`. A placeholder cut by the slice is restored
 * whole, so a quote that ends in the middle of "Person A" still gives the full name.
 */
export function restoreSlice(
  pseudonymised: Pseudonymised,
  start = 0,
  end = pseudonymised.text.length,
): string {
  const { text, replacements } = pseudonymised;
  let out = '';
  let at = start;
  for (const r of replacements) {
    if (r.end <= start) continue;
    if (r.start >= end) break;
    if (r.start > at) out += text.slice(at, r.start);
    out += r.original;
    at = Math.max(at, r.end);
  }
  if (at < end) out += text.slice(at, end);
  return out;
}

/**
 * The chat's languages and the stop words to leave out of its top words. franc (trigram models, 187
 * languages) guesses the language of chunks of text sampled evenly across the chat; the languages of at
 * least a fifth of the sampled text (at most three) are the chat's. Their stop-word lists come from the
 * stopword package, whose lists are named by ISO 639-3 codes too (a few differences mapped below), and
 * from the chat speech below.
 */
import { franc, francAll } from 'franc';
import * as stopword from 'stopword';
import { detach } from './word-table';

/** franc code → stopword list names, where they differ (same code otherwise). */
const STOPWORD_LISTS: Record<string, string[]> = {
  arb: ['ara'],
  ekk: ['est'],
  pes: ['fas'],
  prs: ['fas'],
  ckb: ['kur'],
  lvs: ['lav'],
  zlm: ['msa'],
  pan: ['panGu'],
  por: ['por', 'porBr'],
  swh: ['swa'],
  cmn: ['zho'],
  nno: ['nob'],
  bos: ['hrv'],
  srp: ['hrv'],
};

/**
 * Chat speech the package's lists leave in, per list: its English list (108 words) is made for prose and
 * lacks the words that fill a chat — answers, negations, fillers and their texting spellings — which then
 * top every English word cloud ("so", "no", "just", "yes"…). Named `<list>Chat` beside the package's lists.
 * Words people use to say something (haha, lol, love, miss, sorry) stay.
 */
const CHAT_SPEECH: Record<string, string[]> = {
  engChat: [
    ...['so', 'no', 'not', 'just', 'yes', 'yeah', 'yep', 'yup', 'nah', 'nope', 'ok', 'okay', 'oh', 'ah'],
    ...['um', 'hmm', 'she', 'its', "it's", 'im', "i'm", "i've", "i'll", "i'd", 'u', 'ur', "you're"],
    ...["don't", 'dont', "can't", 'cant', "didn't", "doesn't", "isn't", "won't", "that's", "what's"],
    ...["there's", "let's", 'will', 'us', 'go', 'going', 'gonna', 'really', 'one', 'know', 'though'],
    ...['pm', 'even', 'sure', 'yet', 'ever', 'lot', 'bit'],
  ],
  // Its Spanish list has 59 words: no "es", "yo", "si", "está" or the texting spellings (q, xq, tb).
  spaChat: [
    ...[
      'es',
      'yo',
      'tu',
      'si',
      'está',
      'esta',
      'estoy',
      'estás',
      'estas',
      'son',
      'soy',
      'eres',
      'era',
      'fue',
    ],
    ...['ser', 'hay', 'voy', 'va', 'vas', 'vamos', 'pues', 'así', 'todo', 'toda', 'todos', 'nada', 'algo'],
    ...['aquí', 'ahí', 'esto', 'este', 'esa', 'solo', 'sólo', 'tengo', 'tiene', 'tienes', 'hace', 'les'],
    ...['q', 'k', 'xq', 'pq', 'porq', 'tb', 'tmb', 'mas', 'ok', 'vale', 'bueno', 'eh', 'ah', 'oye'],
  ],
};

const lists: Record<string, unknown> = {
  ...(stopword as unknown as Record<string, unknown>),
  ...CHAT_SPEECH,
};

/** The stop-word lists for a franc language code (none when the package has no list for it). */
export function stopWordListsFor(code: string): string[] {
  return (STOPWORD_LISTS[code] ?? [code])
    .flatMap((name) => [name, `${name}Chat`])
    .filter((name) => Array.isArray(lists[name]));
}

export function stopWordsOf(listNames: string[]): Set<string> {
  const words = new Set<string>();
  for (const name of listNames) {
    for (const w of lists[name] as string[]) words.add(w.toLowerCase().replaceAll('\u2019', "'"));
  }
  return words;
}

/** franc's cost grows with the number of chunks, hardly with their length (it keeps 300 trigrams). */
const CHUNK_CHARS = 1000;
const MAX_CHUNKS = 24;
const MIN_MESSAGE_CHARS = 12;
const MIN_SHARE = 0.2;
const MAX_LANGUAGES = 3;

/**
 * An evenly spread sample of the chat's texts: every `stride`-th candidate is kept; when the sample is
 * full, every other kept text is dropped and the stride doubles. Chunks are made of one person's texts, so
 * that in a chat where people write different languages each language wins its own chunks.
 */
export class LanguageSample {
  #texts: string[] = [];
  #people: number[] = [];
  #chars = 0;
  #stride = 1;
  #seen = 0;

  /** Offers person's text[start, end). */
  offer(person: number, text: string, start = 0, end = text.length): void {
    if (end - start < MIN_MESSAGE_CHARS) return;
    if (this.#seen++ % this.#stride !== 0) return;
    this.#texts.push(detach(text.slice(start, end)));
    this.#people.push(person);
    this.#chars += end - start + 1;
    if (this.#chars > CHUNK_CHARS * MAX_CHUNKS) {
      this.#texts = this.#texts.filter((_, i) => i % 2 === 0);
      this.#people = this.#people.filter((_, i) => i % 2 === 0);
      this.#chars = this.#texts.reduce((n, t) => n + t.length + 1, 0);
      this.#stride *= 2;
    }
  }

  chunks(): string[] {
    // Too little text to split: one vote on all of it.
    if (this.#chars < CHUNK_CHARS * 2) return this.#texts.length > 0 ? [this.#texts.join('\n')] : [];
    const byPerson = new Map<number, string[]>();
    this.#texts.forEach((t, i) => {
      const list = byPerson.get(this.#people[i]!) ?? [];
      list.push(t);
      byPerson.set(this.#people[i]!, list);
    });
    const chunks: string[] = [];
    for (const texts of byPerson.values()) {
      const first = chunks.length;
      let current = '';
      for (const t of texts) {
        current = current ? `${current}\n${t}` : t;
        if (current.length >= CHUNK_CHARS) {
          chunks.push(current);
          current = '';
        }
      }
      // A short tail joins the person's last chunk rather than voting on its own.
      if (current.length >= CHUNK_CHARS / 2 || (current && chunks.length === first)) chunks.push(current);
      else if (current) chunks[chunks.length - 1] += `\n${current}`;
    }
    return chunks;
  }
}

export interface DetectedLanguage {
  code: string;
  name: string;
  share: number;
}

let languageNames: Intl.DisplayNames | null = null;

function languageName(code: string): string {
  languageNames ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** franc reads at most this much of a text. */
const FRANC_MAX_LENGTH = 2048;
/** Languages the chunks choose from (franc's cost is per language: 187 for every chunk would be slow). */
const CANDIDATES = 8;

/**
 * Votes of the sample's chunks, weighted by their length. A first guess on a mix of every chunk names the
 * candidates; each chunk then picks among them.
 */
export function detectLanguages(sample: LanguageSample): DetectedLanguage[] {
  const chunks = sample.chunks();
  if (chunks.length === 0) return [];
  const share = Math.floor(FRANC_MAX_LENGTH / chunks.length);
  const mix = chunks.map((c) => c.slice(0, share)).join('\n');
  const only = francAll(mix)
    .slice(0, CANDIDATES)
    .map(([code]) => code)
    .filter((code) => code !== 'und');
  if (only.length === 0) return [];
  const votes = new Map<string, number>();
  let total = 0;
  for (const chunk of chunks) {
    const code = only.length === 1 ? only[0]! : franc(chunk, { only });
    if (code === 'und') continue;
    votes.set(code, (votes.get(code) ?? 0) + chunk.length);
    total += chunk.length;
  }
  const ranked = [...votes]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => ({ code, name: languageName(code), share: n / total }));
  const chosen = ranked.filter((l) => l.share >= MIN_SHARE).slice(0, MAX_LANGUAGES);
  return chosen.length > 0 ? chosen : ranked.slice(0, 1);
}

/**
 * The chat's languages and the stop words to leave out of its top words. franc (trigram models, 187
 * languages) guesses the language of chunks of text sampled evenly across the chat; the languages of at
 * least a fifth of the chunks (at most three) are the chat's. Their stop-word lists come from the stopword
 * package, whose lists are named by ISO 639-3 codes too, with a few differences mapped below.
 */
import { franc } from 'franc';
import * as stopword from 'stopword';

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

const lists = stopword as unknown as Record<string, unknown>;

/** The stopword lists for a franc language code (none when the package has no list for it). */
export function stopWordListsFor(code: string): string[] {
  return (STOPWORD_LISTS[code] ?? [code]).filter((name) => Array.isArray(lists[name]));
}

export function stopWordsOf(listNames: string[]): Set<string> {
  const words = new Set<string>();
  for (const name of listNames) {
    for (const w of lists[name] as string[]) words.add(w.toLowerCase().replaceAll('\u2019', "'"));
  }
  return words;
}

const CHUNK_CHARS = 600;
const MAX_CHUNKS = 48;
const MIN_MESSAGE_CHARS = 12;
const MIN_SHARE = 0.2;
const MAX_LANGUAGES = 3;

/**
 * An evenly spread sample of the chat's texts: every `stride`-th candidate is kept; when the sample is
 * full, every other kept text is dropped and the stride doubles.
 */
export class LanguageSample {
  #texts: string[] = [];
  #chars = 0;
  #stride = 1;
  #seen = 0;

  offer(text: string): void {
    if (text.length < MIN_MESSAGE_CHARS) return;
    if (this.#seen++ % this.#stride !== 0) return;
    this.#texts.push(text);
    this.#chars += text.length + 1;
    if (this.#chars > CHUNK_CHARS * MAX_CHUNKS) {
      this.#texts = this.#texts.filter((_, i) => i % 2 === 0);
      this.#chars = this.#texts.reduce((n, t) => n + t.length + 1, 0);
      this.#stride *= 2;
    }
  }

  chunks(): string[] {
    const chunks: string[] = [];
    let current = '';
    for (const t of this.#texts) {
      current = current ? `${current}\n${t}` : t;
      if (current.length >= CHUNK_CHARS) {
        chunks.push(current);
        current = '';
      }
    }
    // A short tail joins the last chunk rather than voting on its own.
    if (current) {
      if (chunks.length > 0 && current.length < CHUNK_CHARS / 2) chunks[chunks.length - 1] += `\n${current}`;
      else chunks.push(current);
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

export function detectLanguages(sample: LanguageSample): DetectedLanguage[] {
  const votes = new Map<string, number>();
  let total = 0;
  for (const chunk of sample.chunks()) {
    const code = franc(chunk);
    if (code === 'und') continue;
    votes.set(code, (votes.get(code) ?? 0) + 1);
    total++;
  }
  const ranked = [...votes]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => ({ code, name: languageName(code), share: n / total }));
  const chosen = ranked.filter((l) => l.share >= MIN_SHARE).slice(0, MAX_LANGUAGES);
  return chosen.length > 0 ? chosen : ranked.slice(0, 1);
}

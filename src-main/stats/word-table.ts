/**
 * Interns words straight from a span of a larger string: the hash is computed while the scanner reads the
 * word, and a string is only made the first time a word is seen (a Map would need one per occurrence).
 * Open addressing on typed arrays. Words are compared lower-cased through LOWER, one UTF-16 unit at a time
 * (so the block of messages need not be lower-cased first), with the typographic apostrophe read as `'`.
 */
export const WORD_HASH_SEED = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** Lower case of each UTF-16 unit (its first unit where lower-casing makes two, as İ); ’ → '. */
export const LOWER = new Uint16Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  LOWER[c] =
    c < 0x41 || (c > 0x5a && c < 0xc0) || (c >= 0xd800 && c <= 0xdfff)
      ? c
      : String.fromCharCode(c).toLowerCase().charCodeAt(0);
}
LOWER[0x2019] = 0x27;

/** FNV-1a step over one UTF-16 unit, lower-cased. */
export const hashStep = (hash: number, c: number): number => Math.imul(hash ^ LOWER[c]!, FNV_PRIME);

/**
 * A copy of s that does not keep alive the string it was cut from. V8 makes substrings of 13+ characters
 * views into their parent: a word kept from a block of 16,384 messages would keep the whole block.
 * Concatenating, then slicing, flattens into a new string of the word's own length.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

export class WordTable {
  readonly words: string[] = [];
  #hashes = new Int32Array(1024);
  #slots = new Int32Array(2048).fill(-1);
  #mask = 2047;

  /** The id of text[start, end) whose hash (hashStep from WORD_HASH_SEED) is `hash`; new words are added. */
  idOf(text: string, start: number, end: number, hash: number): number {
    const slots = this.#slots;
    let slot = (hash ^ (hash >>> 15)) & this.#mask;
    for (;;) {
      const id = slots[slot]!;
      if (id === -1) break;
      if (this.#hashes[id] === hash && sameWord(this.words[id]!, text, start, end)) return id;
      slot = (slot + 1) & this.#mask;
    }
    const codes = new Array<number>(end - start);
    for (let k = start; k < end; k++) codes[k - start] = LOWER[text.charCodeAt(k)]!;
    const word = String.fromCharCode(...codes);
    const id = this.words.length;
    this.words.push(word);
    if (id === this.#hashes.length) {
      const next = new Int32Array(id * 2);
      next.set(this.#hashes);
      this.#hashes = next;
    }
    this.#hashes[id] = hash;
    slots[slot] = id;
    if (this.words.length * 2 > slots.length) this.#grow();
    return id;
  }

  idOfWord(word: string): number {
    let hash = WORD_HASH_SEED;
    for (let i = 0; i < word.length; i++) hash = hashStep(hash, word.charCodeAt(i));
    return this.idOf(word, 0, word.length, hash);
  }

  #grow(): void {
    const size = this.#slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let id = 0; id < this.words.length; id++) {
      const hash = this.#hashes[id]!;
      let slot = (hash ^ (hash >>> 15)) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) {
    if (word.charCodeAt(k) !== LOWER[text.charCodeAt(start + k)]) return false;
  }
  return true;
}

/**
 * Counting structures on typed arrays: one pass over a million messages must not allocate per message.
 */

/** A growable array of unsigned 32-bit integers. */
export class U32List {
  #data: Uint32Array;
  length = 0;

  constructor(capacity = 64) {
    this.#data = new Uint32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.#data.length) {
      const next = new Uint32Array(this.#data.length * 2);
      next.set(this.#data);
      this.#data = next;
    }
    this.#data[this.length++] = value;
  }

  /** The values (a view, valid until the next push). */
  values(): Uint32Array {
    return this.#data.subarray(0, this.length);
  }

  /** The values, sorted ascending (a copy). */
  sorted(): Uint32Array {
    return this.#data.slice(0, this.length).sort();
  }
}

/** Grows a counter array so that `index` fits. */
export function ensureIndex(counts: Uint32Array<ArrayBuffer>, index: number): Uint32Array<ArrayBuffer> {
  if (index < counts.length) return counts;
  const next = new Uint32Array(Math.max(counts.length * 2, index + 1, 1024));
  next.set(counts);
  return next;
}

/** Counts per non-negative integer key, in an open-addressing hash table (linear probing). */
export class IntCounter {
  #keys: Int32Array;
  #counts: Uint32Array;
  #mask: number;
  size = 0;

  constructor(capacity = 64) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.#keys = new Int32Array(cap).fill(-1);
    this.#counts = new Uint32Array(cap);
    this.#mask = cap - 1;
  }

  add(key: number, by = 1): void {
    const keys = this.#keys;
    let slot = Math.imul(key, 0x9e3779b1) & this.#mask;
    for (;;) {
      const k = keys[slot]!;
      if (k === key) {
        this.#counts[slot]! += by;
        return;
      }
      if (k === -1) break;
      slot = (slot + 1) & this.#mask;
    }
    keys[slot] = key;
    this.#counts[slot] = by;
    if (++this.size * 2 > keys.length) this.#grow();
  }

  get(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) & this.#mask;
    for (;;) {
      const k = this.#keys[slot]!;
      if (k === key) return this.#counts[slot]!;
      if (k === -1) return 0;
      slot = (slot + 1) & this.#mask;
    }
  }

  forEach(fn: (key: number, count: number) => void): void {
    const keys = this.#keys;
    for (let i = 0; i < keys.length; i++) if (keys[i]! !== -1) fn(keys[i]!, this.#counts[i]!);
  }

  #grow(): void {
    const keys = this.#keys;
    const counts = this.#counts;
    this.#keys = new Int32Array(keys.length * 2).fill(-1);
    this.#counts = new Uint32Array(keys.length * 2);
    this.#mask = keys.length * 2 - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i]! !== -1) this.add(keys[i]!, counts[i]!);
  }
}

/**
 * The n largest (count, id) pairs offered, most first; equal counts keep the smaller id (ids are given in
 * order of first use, so ties go to what was used first).
 */
export class TopN {
  readonly #ids: Int32Array;
  readonly #counts: Float64Array;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#ids = new Int32Array(capacity);
    this.#counts = new Float64Array(capacity);
  }

  /** a ranks below b */
  #below(a: number, b: number): boolean {
    const ca = this.#counts[a]!;
    const cb = this.#counts[b]!;
    return ca < cb || (ca === cb && this.#ids[a]! > this.#ids[b]!);
  }

  offer(id: number, count: number): void {
    if (this.capacity === 0 || count <= 0) return;
    if (this.#size < this.capacity) {
      let i = this.#size++;
      this.#ids[i] = id;
      this.#counts[i] = count;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.#below(i, parent)) break;
        this.#swap(i, parent);
        i = parent;
      }
      return;
    }
    const minCount = this.#counts[0]!;
    if (count < minCount || (count === minCount && id > this.#ids[0]!)) return;
    this.#ids[0] = id;
    this.#counts[0] = count;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.#size && this.#below(l, m)) m = l;
      if (r < this.#size && this.#below(r, m)) m = r;
      if (m === i) break;
      this.#swap(i, m);
      i = m;
    }
  }

  #swap(a: number, b: number): void {
    const id = this.#ids[a]!;
    const c = this.#counts[a]!;
    this.#ids[a] = this.#ids[b]!;
    this.#counts[a] = this.#counts[b]!;
    this.#ids[b] = id;
    this.#counts[b] = c;
  }

  /** [id, count] pairs, most first. */
  result(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.#size; i++) out.push([this.#ids[i]!, this.#counts[i]!]);
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }
}

/** Nearest-rank quantile of ascending values: the smallest value with at least q of them at or below. */
export function quantile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

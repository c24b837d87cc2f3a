import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilOf,
  dayNumber,
  formatDay,
  formatMonth,
  monthNumber,
  weekdayOf,
} from '../../../src-main/stats/calendar';
import { IntCounter, quantile, TopN, U32List } from '../../../src-main/stats/counters';
import { hashStep, WORD_HASH_SEED, WordTable } from '../../../src-main/stats/word-table';

describe('calendar on wall-clock seconds', () => {
  it('agrees with the UTC calendar for any day from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_567, max: 84_000 }), (day) => {
        const d = new Date(day * 86_400_000);
        expect(civilOf(day)).toEqual({
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          dayOfMonth: d.getUTCDate(),
        });
        expect(weekdayOf(day)).toBe((d.getUTCDay() + 6) % 7);
        expect(formatDay(day)).toBe(d.toISOString().slice(0, 10));
        expect(formatMonth(monthNumber(day))).toBe(d.toISOString().slice(0, 7));
      }),
    );
  });

  it('puts a second before midnight and midnight on consecutive days', () => {
    const midnight = Date.UTC(2024, 1, 29) / 1000;
    expect(formatDay(dayNumber(midnight - 1))).toBe('2024-02-28');
    expect(formatDay(dayNumber(midnight))).toBe('2024-02-29');
    expect(weekdayOf(dayNumber(midnight))).toBe(3); // a Thursday
    expect(formatDay(dayNumber(-1))).toBe('1969-12-31');
  });
});

describe('counting structures', () => {
  it('IntCounter counts like a Map', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 3000 }), (keys) => {
        const counter = new IntCounter(4);
        const expected = new Map<number, number>();
        for (const k of keys) {
          counter.add(k);
          expected.set(k, (expected.get(k) ?? 0) + 1);
        }
        const seen = new Map<number, number>();
        counter.forEach((k, n) => seen.set(k, n));
        expect(seen).toEqual(expected);
        expect(counter.size).toBe(expected.size);
        for (const [k, n] of expected) expect(counter.get(k)).toBe(n);
      }),
    );
  });

  it('TopN keeps the n largest, ties to the smaller id', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), fc.integer({ min: 0, max: 12 }), (counts, n) => {
        const top = new TopN(n);
        counts.forEach((c, id) => top.offer(id, c));
        const expected = counts
          .map((c, id) => [id, c] as [number, number])
          .filter(([, c]) => c > 0)
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .slice(0, n);
        expect(top.result()).toEqual(expected);
      }),
    );
  });

  it('quantile is the nearest rank', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([0, 60, 900], 0.5)).toBe(60);
    expect(quantile([0, 60, 900], 0.9)).toBe(900);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });

  it('U32List grows and sorts', () => {
    const list = new U32List(2);
    for (const v of [5, 3, 9, 1, 7]) list.push(v);
    expect([...list.sorted()]).toEqual([1, 3, 5, 7, 9]);
    expect([...list.values()]).toEqual([5, 3, 9, 1, 7]);
  });

  it('WordTable interns words from spans, apostrophes unified', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'é', "'", '\u2019'), maxLength: 6 })),
        (words) => {
          const table = new WordTable();
          const ids = words.map((w) => table.idOfWord(w));
          const normal = words.map((w) => w.replaceAll('\u2019', "'"));
          normal.forEach((w, i) => expect(table.words[ids[i]!]).toBe(w));
          expect(new Set(ids).size).toBe(new Set(normal).size);
          const block = `xx ${words.join(' ')}`;
          let at = 3;
          words.forEach((w, i) => {
            let hash = WORD_HASH_SEED;
            for (let k = 0; k < w.length; k++) hash = hashStep(hash, w.charCodeAt(k));
            expect(table.idOf(block, at, at + w.length, hash)).toBe(ids[i]);
            at += w.length + 1;
          });
        },
      ),
    );
  });
});

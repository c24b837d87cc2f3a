/** Header lines as phones write them: what the sniffer reads, and that the compiled matcher agrees. */
import { describe, expect, it } from 'vitest';
import { HeaderFields, HeaderMatcher, hour24, sniffHeader } from '../../../src-main/import/parser/header';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

/** line → [f1, f2, f3, era, 24-hour time, text after the header, shape details] */
const HEADERS: [string, [number, number, number, string, string, string], Record<string, unknown>][] = [
  [`1/2/22, 10:00${NNBSP}PM - Ana: hi`, [1, 2, 22, '', '22:00:00', 'Ana: hi'], { dayPeriod: 'after', terminator: '-' }],
  ['02.01.22, 10:00 - Ana: hi', [2, 1, 22, '', '10:00:00', 'Ana: hi'], { dateSep: '.', yearDigits: 2 }],
  ['26/09/2019 à 22:39 - XXX: Salut', [26, 9, 2019, '', '22:39:00', 'XXX: Salut'], { connector: 'à' }],
  ['[07.03.26, 21:22:39] Chris: Hey', [7, 3, 26, '', '21:22:39', 'Chris: Hey'], { bracket: true, terminator: ']' }],
  [`\u200e[1/2/22, 12:05:00${NNBSP}AM] Ana: \u200eimage omitted`, [1, 2, 22, '', '00:05:00', 'Ana: \u200eimage omitted'], { bracket: true }],
  [`28/3/2025, 9:29${NBSP}p.${NBSP}m. - user1: x`, [28, 3, 2025, '', '21:29:00', 'user1: x'], { dayPeriod: 'after' }],
  ['20/6/2017 8:28 p. m. - Michelle: test', [20, 6, 2017, '', '20:28:00', 'Michelle: test'], { connector: '' }],
  ['2023-12-20, 5:46 p.m. - Farid: x', [2023, 12, 20, '', '17:46:00', 'Farid: x'], { yearFirst: true, dateSep: '-' }],
  ['2023/12/20, 5:46 pm - Farid: x', [2023, 12, 20, '', '17:46:00', 'Farid: x'], { yearFirst: true }],
  ['[14:56:01, 3/18/22] Ana: x', [3, 18, 22, '', '14:56:01', 'Ana: x'], { timeFirst: true }],
  ['2.1.2022 klo 10.00 - Ana: x', [2, 1, 2022, '', '10:00:00', 'Ana: x'], { connector: 'klo', timeSep: '.' }],
  ['02.01.2022 kl. 10.00 - Ana: x', [2, 1, 2022, '', '10:00:00', 'Ana: x'], { connector: 'kl.' }],
  ['02/01/22, alle 10:00 - Ana: x', [2, 1, 22, '', '10:00:00', 'Ana: x'], { connector: ', alle' }],
  ['2.1.2022 um 10:00 - Ana: x', [2, 1, 2022, '', '10:00:00', 'Ana: x'], { connector: 'um' }],
  ['2022. 1. 2. 오후 3:05 - 민준: x', [2022, 1, 2, '', '15:05:00', '민준: x'], { dayPeriod: 'before' }],
  ['2022/1/2 上午10:00 - 小明: x', [2022, 1, 2, '', '10:00:00', '小明: x'], { dayPeriod: 'before' }],
  ['2022/1/2 午後0:30 - 花子: x', [2022, 1, 2, '', '12:30:00', '花子: x'], { dayPeriod: 'before' }],
  ['[R4/01/02 10:00:00] 太郎: x', [4, 1, 2, 'R', '10:00:00', '太郎: x'], { era: true, yearDigits: 0 }],
  ['令和元年5月1日 0:00 - 太郎: x', [1, 5, 1, '令和', '00:00:00', '太郎: x'], { era: true, dateSep: '年' }],
  ['2022年1月2日 10:00 - 小明: x', [2022, 1, 2, '', '10:00:00', '小明: x'], { dateSep: '年', era: false }],
  ['٢‏/١‏/٢٠٢٢، ١٠:٠٠ م - أحمد: x', [2, 1, 2022, '', '22:00:00', 'أحمد: x'], { connector: '،' }],
  ['۲۰۲۱/۵/۳۰، ۱۸:۴۴ - Sattar-b: x', [2021, 5, 30, '', '18:44:00', 'Sattar-b: x'], { yearFirst: true }],
  ['2/1/2565 10:00 - สมชาย: x', [2, 1, 2565, '', '10:00:00', 'สมชาย: x'], {}],
  ['Jan 2, 2022, 10:00 AM - Ana: x', [2, 1, 2022, '', '10:00:00', 'Ana: x'], { date: 'name', dateSep: 'name-first' }],
  ['2 Jan 2022, 10:00 - Ana: x', [2, 1, 2022, '', '10:00:00', 'Ana: x'], { date: 'name', dateSep: 'name-middle' }],
  ['2. Januar 2022, 10:00 - Ana: x', [2, 1, 2022, '', '10:00:00', 'Ana: x'], { date: 'name' }],
  ['02-ene-22 10:00 - Ana: x', [2, 1, 22, '', '10:00:00', 'Ana: x'], { date: 'name' }],
  ['09/12/2012 17:03:48: Sender Name: Message', [9, 12, 2012, '', '17:03:48', 'Sender Name: Message'], { terminator: ':' }],
  ['30/08/25 18.00 - Ana: x', [30, 8, 25, '', '18:00:00', 'Ana: x'], { timeSep: '.' }],
  ['2/1/22 10:00 ÖS - x', [2, 1, 22, '', '22:00:00', 'x'], { dayPeriod: 'after' }],
  ['1/2/22, 10:00 - ', [1, 2, 22, '', '10:00:00', ''], {}],
  ['1/2/22, 10:00 -', [1, 2, 22, '', '10:00:00', ''], {}],
]; // prettier-ignore

const time = (f: HeaderFields) =>
  [hour24(f), f.minute, f.second].map((n) => String(n).padStart(2, '0')).join(':');

describe('sniffHeader', () => {
  it.each(HEADERS)('%s', (line, [f1, f2, f3, era, clock, rest], shape) => {
    const sniffed = sniffHeader(line);
    expect(sniffed).not.toBeNull();
    const f = sniffed!.fields;
    expect([f.f1, f.f2, f.f3, f.era, time(f), line.slice(f.rest)]).toEqual([f1, f2, f3, era, clock, rest]);
    expect(sniffed!.shape).toMatchObject(shape);
    // The matcher compiled from the shape reads the same header the same way.
    const matcher = new HeaderMatcher(sniffed!.shape, sniffed!.marker ? [sniffed!.marker] : []);
    const g = new HeaderFields();
    expect(matcher.match(line, g)).toBe(true);
    expect([g.f1, g.f2, g.f3, g.era, time(g), g.rest]).toEqual([f1, f2, f3, era, clock, f.rest]);
  });

  it.each([
    '6.1.1, 6.1.2 till page 488',
    '12/3 at 10:00 works for me',
    '10:00 - meet at the station',
    '1/2/2022 10:00 without a dash',
    '[1/2/22, 10:00:00 no closing bracket',
    '13/13/22, 10:00 - not a date',
    '1/2/22, 25:00 - no such hour',
    '1/2/22, 10:60 - no such minute',
    'Meeting 1/2/22, 10:00 - somewhere',
    '2 apples, 10:00 - pears',
    '12:30: lunch',
    '',
  ])('is not a header: %j', (line) => {
    expect(sniffHeader(line)).toBeNull();
  });
});

describe('HeaderMatcher', () => {
  const matcherFor = (line: string) => {
    const s = sniffHeader(line)!;
    return new HeaderMatcher(s.shape, s.marker ? [s.marker] : []);
  };

  it('accepts only headers of its own shape', () => {
    const matcher = matcherFor('02.01.22, 10:00 - Ana: hi');
    const f = new HeaderFields();
    expect(matcher.match('31.12.22, 23:59 - Bo: ok', f)).toBe(true);
    expect(matcher.match('31.12.2022, 23:59 - Bo: four-digit year', f)).toBe(false);
    expect(matcher.match('31/12/22, 23:59 - Bo: other separator', f)).toBe(false);
    expect(matcher.match('[31.12.22, 23:59:00] Bo: iOS', f)).toBe(false);
    expect(matcher.match('6.1.1, 6.1.2 till page 488', f)).toBe(false);
  });

  it('reads any kind of space and bidi marks where the fast path expects plain ones', () => {
    const matcher = matcherFor(`1/2/22, 10:00${NNBSP}PM - Ana: hi`);
    const f = new HeaderFields();
    for (const line of [
      '1/2/22, 10:00 PM - Ana: hi',
      `1/2/22,${NBSP}10:00${NBSP}PM - Ana: hi`,
      `\u200e1/2/22, 10:00${NNBSP}PM - Ana: hi`,
      `1\u200f/2\u200f/22, 10:00 PM - Ana: hi`,
    ]) {
      expect(matcher.match(line, f), line).toBe(true);
      expect([f.f1, f.f2, f.f3, hour24(f), line.slice(f.rest)]).toEqual([1, 2, 22, 22, 'Ana: hi']);
    }
    expect(matcher.match('1/2/22, 10:00 - Ana: no day period', f)).toBe(false);
  });
});

/**
 * Dates as days since 1970-01-01 (proleptic Gregorian), and the calendars other than the Gregorian one that
 * phones write years in: Buddhist (Thai), Japanese eras, Persian (Solar Hijri) and Islamic (Umm al-Qura).
 */

/** Days since 1970-01-01 for a Gregorian date (month 1–12). Integer arithmetic, no Date object. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  if (m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return MONTH_DAYS[m - 1] ?? 0;
}

export type Calendar = 'gregorian' | 'buddhist' | 'japanese' | 'persian' | 'islamic';

/** Gregorian year of the first year of the Japanese eras exports can show (1 = 元年). */
export const JAPANESE_ERAS: Record<string, number> = {
  M: 1868,
  明治: 1868,
  T: 1912,
  大正: 1912,
  S: 1926,
  昭和: 1926,
  H: 1989,
  平成: 1989,
  R: 2019,
  令和: 2019,
};

/** The years phones can have written a WhatsApp message in (WhatsApp was released in 2009). */
const FIRST_YEAR = 2009;
const LAST_YEAR = 2040;

const tables = new Map<string, Map<number, number>>();

/**
 * Days since 1970 of a date in a lunar or solar-hijri calendar, or NaN if it is not a real date between
 * 2009 and 2040. The table is built once from ICU (Intl knows both calendars exactly).
 */
export function daysFromCalendar(calendar: 'persian' | 'islamic', y: number, m: number, d: number): number {
  let table = tables.get(calendar);
  if (!table) {
    table = new Map();
    const format = new Intl.DateTimeFormat(
      `en-u-ca-${calendar === 'islamic' ? 'islamic-umalqura' : 'persian'}-nu-latn`,
      {
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        timeZone: 'UTC',
      },
    );
    const first = daysFromCivil(FIRST_YEAR, 1, 1);
    const last = daysFromCivil(LAST_YEAR, 12, 31);
    for (let day = first; day <= last; day++) {
      let yy = 0;
      let mm = 0;
      let dd = 0;
      for (const part of format.formatToParts(day * 86_400_000)) {
        if (part.type === 'year') yy = parseInt(part.value, 10);
        else if (part.type === 'month') mm = parseInt(part.value, 10);
        else if (part.type === 'day') dd = parseInt(part.value, 10);
      }
      table.set(yy * 10_000 + mm * 100 + dd, day);
    }
    tables.set(calendar, table);
  }
  return table.get(y * 10_000 + m * 100 + d) ?? Number.NaN;
}

/**
 * The calendar a file's years are written in, from the range of its (4-digit or 2-digit) year numbers.
 * WhatsApp's lifetime keeps the ranges apart: Gregorian 2009+, Buddhist 2552+, Persian 1387–1419,
 * Islamic 1430–1462; two-digit Buddhist years (52+) do not overlap two-digit Gregorian ones (09–40).
 */
export function calendarOfYears(minYear: number, maxYear: number, yearDigits: number): Calendar {
  if (yearDigits <= 2) return minYear >= 50 ? 'buddhist' : 'gregorian';
  if (minYear >= 2400) return 'buddhist';
  if (maxYear < 1425 && minYear >= 1300) return 'persian';
  if (maxYear < 1500 && minYear >= 1425) return 'islamic';
  return 'gregorian';
}

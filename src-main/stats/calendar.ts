/**
 * Calendar arithmetic on wall-clock seconds (src-shared/messages.ts): integer maths on day numbers, never the
 * local-time Date methods, so no time zone or DST rule ever moves a message.
 */
export const SECONDS_PER_DAY = 86_400;

/** Days since 1970-01-01 (negative before). */
export const dayNumber = (ts: number): number => Math.floor(ts / SECONDS_PER_DAY);

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** Year and month (1–12) of a day number (civil-from-days, proleptic Gregorian). */
export function civilOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}

/** Months since year 0 (year * 12 + month - 1): consecutive months differ by one. */
export function monthNumber(day: number): number {
  const { year, month } = civilOf(day);
  return year * 12 + month - 1;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDay(day: number): string {
  const { year, month, dayOfMonth } = civilOf(day);
  return `${pad(year, 4)}-${pad(month)}-${pad(dayOfMonth)}`;
}

export function formatMonth(monthNo: number): string {
  return `${pad(Math.floor(monthNo / 12), 4)}-${pad((monthNo % 12) + 1)}`;
}

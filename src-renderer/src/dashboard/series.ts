/** Labels for the statistics' dense series (one entry per day / week / month from a start). */
const DAY_MS = 86_400_000;

const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function dayLabels(start: string | null, count: number, step = 1): string[] {
  if (!start) return [];
  const t0 = utc(start);
  return Array.from({ length: count }, (_, i) => isoDay(t0 + i * step * DAY_MS));
}

export function monthLabels(start: string | null, count: number): string[] {
  if (!start) return [];
  const [y, m] = start.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const month = m - 1 + i;
    return `${y + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  });
}

/** The last day of a month (`YYYY-MM`), for turning a zoomed month range into a date filter. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return isoDay(Date.UTC(y, m, 0));
}

export const addDays = (day: string, n: number) => isoDay(utc(day) + n * DAY_MS);

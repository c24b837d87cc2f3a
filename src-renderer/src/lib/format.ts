/** Numbers, dates and durations as people read them (the user's locale; wall-clock times, no time zones). */
const locale = navigator.language || 'en';
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });

export const fmtInt = (n: number) => integer.format(n);
export const fmtDecimal = (n: number) => decimal.format(n);
export const fmtCompact = (n: number) => (n < 10_000 ? integer.format(n) : compact.format(n));
export const fmtPercent = (share: number) => percent.format(share);

/** Wall-clock strings are read as UTC so no time zone or DST shifts them. */
const wall = (s: string) =>
  new Date(`${s.length === 10 ? `${s}T00:00:00` : s.length === 7 ? `${s}-01T00:00:00` : s}Z`);
const dateFmt = new Intl.DateTimeFormat(locale, {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const longDateFmt = new Intl.DateTimeFormat(locale, {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const monthFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' });
const dateTimeFmt = new Intl.DateTimeFormat(locale, {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export const fmtDate = (s: string) => dateFmt.format(wall(s));
export const fmtLongDate = (s: string) => longDateFmt.format(wall(s));
export const fmtMonth = (s: string) => monthFmt.format(wall(s));
export const fmtTime = (s: string) => timeFmt.format(wall(s));
export const fmtDateTime = (s: string) => dateTimeFmt.format(wall(s));

export function fmtSpan(first: string | null, last: string | null): string {
  if (!first || !last) return 'No messages';
  const a = fmtDate(first);
  const b = fmtDate(last);
  return a === b ? a : `${a} – ${b}`;
}

/** 42 s, 5 min, 3 h 20 min, 4 days, 2.5 years. */
export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 24) {
    const h = Math.floor(hours);
    const m = Math.round(minutes - h * 60);
    return m === 0 || h >= 10 ? `${Math.round(hours)} h` : `${h} h ${m} min`;
  }
  const days = hours / 24;
  if (days < 60) return `${decimal.format(Math.round(days * 10) / 10)} day${days >= 1.05 ? 's' : ''}`;
  if (days < 730) return `${decimal.format(Math.round(days / 30.44))} months`;
  return `${decimal.format(Math.round((days / 365.25) * 10) / 10)} years`;
}

export function fmtBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${decimal.format(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${decimal.format(bytes / 1024 ** 2)} MB`;
  return `${decimal.format(bytes / 1024 ** 3)} GB`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${fmtInt(n)} ${n === 1 ? one : many}`;

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const WEEKDAYS_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The message model shared by every process. A message's time is the wall-clock time written in the export
 * (exports carry no time zone); we store it as seconds since 1970-01-01T00:00:00 read as if it were UTC, so
 * date arithmetic never meets a DST gap.
 */
export const MESSAGE_KINDS = ['text', 'media', 'location', 'poll', 'deleted', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MEDIA_TYPES = [
  'image',
  'video',
  'audio',
  'voice',
  'sticker',
  'gif',
  'document',
  'contact',
  'view-once',
  'other',
] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const SYSTEM_TYPES = [
  'encryption',
  'created',
  'added',
  'joined',
  'left',
  'removed',
  'renamed',
  'icon-changed',
  'description-changed',
  'settings-changed',
  'admin-changed',
  'security-code-changed',
  'number-changed',
  'missed-call',
  'disappearing-messages',
  'other',
] as const;
export type SystemType = (typeof SYSTEM_TYPES)[number];

/** System events that only happen in groups: one of them makes a chat a group. */
export const GROUP_ONLY_SYSTEM_TYPES: ReadonlySet<SystemType> = new Set<SystemType>([
  'created',
  'added',
  'joined',
  'left',
  'removed',
  'renamed',
  'icon-changed',
  'description-changed',
]);

/** `subtype` is a MediaType for media messages, a SystemType for system messages, null otherwise. */
export type MessageSubtype = MediaType | SystemType | null;

export const DATE_ORDERS = ['dmy', 'mdy', 'ymd'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

/** `YYYY-MM-DDTHH:MM:SS` for a wall-clock timestamp in seconds. */
export function formatWallClock(ts: number): string {
  return new Date(ts * 1000).toISOString().slice(0, 19);
}

/** Inverse of formatWallClock; accepts `YYYY-MM-DD` too. Returns NaN for anything else. */
export function parseWallClock(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) / 1000;
}

import { personVar } from '../lib/theme';

/** Up to two initials of a name (letters of any script; emoji-only names keep their first grapheme). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = (w: string | undefined) =>
    w ? ([...new Intl.Segmenter().segment(w)][0]?.segment ?? '') : '';
  const letters = words.length > 1 ? first(words[0]) + first(words[words.length - 1]) : first(words[0]);
  return letters.toUpperCase() || '?';
}

export function Avatar({ name, index, small = false }: { name: string; index: number; small?: boolean }) {
  return (
    <span className={`avatar${small ? ' small' : ''}`} style={{ background: personVar(index) }} title={name}>
      {initials(name)}
    </span>
  );
}

export function AvatarStack({ names, max = 3 }: { names: string[]; max?: number }) {
  return (
    <span className="avatar-stack" aria-hidden>
      {names.slice(0, max).map((n, i) => (
        <Avatar key={n} name={n} index={i} />
      ))}
    </span>
  );
}

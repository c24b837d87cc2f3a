/** Light or dark, from the system; charts read their colours from the same CSS variables as the page. */
import { useMemo, useSyncExternalStore } from 'react';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void) {
  const mq = query();
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

export type Scheme = 'light' | 'dark';

export function useColorScheme(): Scheme {
  return useSyncExternalStore(subscribe, () => (query().matches ? 'dark' : 'light'));
}

export interface Palette {
  scheme: Scheme;
  text: string;
  text2: string;
  muted: string;
  faint: string;
  border: string;
  surface: string;
  bgSunken: string;
  accent: string;
  people: string[];
  heat: string[];
  font: string;
}

function readPalette(scheme: Scheme): Palette {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    scheme,
    text: v('--text'),
    text2: v('--text-2'),
    muted: v('--muted'),
    faint: v('--faint'),
    border: v('--border'),
    surface: v('--surface'),
    bgSunken: v('--bg-sunken'),
    accent: v('--accent'),
    people: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => v(`--p${i}`)),
    heat: [0, 1, 2, 3, 4].map((i) => v(`--heat-${i}`)),
    font: v('--font'),
  };
}

export function usePalette(): Palette {
  const scheme = useColorScheme();
  return useMemo(() => readPalette(scheme), [scheme]);
}

/** The CSS colour of the i-th person (the order of `people` in the statistics, most messages first). */
export const personVar = (index: number) => `var(--p${(index % 8) + 1})`;

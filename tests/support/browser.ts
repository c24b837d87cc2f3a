/**
 * Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (no browser download).
 * `CHROMIUM_PATH` points elsewhere. Where no Chromium is installed the e2e tests say so and skip — unless
 * CI=1, where a missing browser is a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p)) ?? null;
}

export const MISSING_CHROMIUM =
  'Chromium is not installed, so the end-to-end tests cannot run. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH.';

/** Whether e2e tests can run; throws under CI=1 when they cannot, and warns once otherwise. */
export function canRunBrowser(): boolean {
  if (chromiumPath()) return true;
  if (process.env.CI) throw new Error(`${MISSING_CHROMIUM} (CI=1: failing instead of skipping)`);
  process.stderr.write(`\n⚠ ${MISSING_CHROMIUM} Skipping them.\n\n`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(MISSING_CHROMIUM);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

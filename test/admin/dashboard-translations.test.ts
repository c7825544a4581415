import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dashboard speaks English and French: every message the screens pass to `t('…')` has a French
 * translation in src/admin/web/src/i18n/fr/, with the same placeholders.
 */

const WEB = join(process.cwd(), 'src/admin/web/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(tsx?|ts)$/.test(name) ? [path] : [];
  });
}

/** The string literals given as the first argument of t(…). */
function messages(source: string): string[] {
  const found: string[] = [];
  const call = /\bt\(\s*(['"])((?:\\.|(?!\1).)*)\1/g;
  for (const m of source.matchAll(call)) found.push(m[2].replace(/\\(['"\\])/g, '$1'));
  return found;
}

const placeholders = (s: string) => (s.match(/%(?:\d+\$)?[sd]/g) ?? []).sort();

describe('dashboard translations', () => {
  const sources = files(WEB).filter((f) => !f.includes(`${join('i18n', 'fr')}`));
  const used = new Map<string, string>();
  for (const file of sources) for (const msg of messages(readFileSync(file, 'utf8'))) used.set(msg, file.slice(WEB.length + 1));

  it('finds the messages of every screen', () => {
    expect(used.size).toBeGreaterThan(30);
  });

  it('has a French translation, with the same placeholders, for every message', async () => {
    const french: Record<string, string> = {};
    for (const file of readdirSync(join(WEB, 'i18n/fr'))) Object.assign(french, (await import(join(WEB, 'i18n/fr', file))).default);
    const missing = [...used].filter(([msg]) => !(msg in french)).map(([msg, file]) => `${file}: ${msg}`);
    expect(missing).toEqual([]);
    const mismatched = [...used.keys()].filter((msg) => JSON.stringify(placeholders(msg)) !== JSON.stringify(placeholders(french[msg])));
    expect(mismatched).toEqual([]);
  });
});

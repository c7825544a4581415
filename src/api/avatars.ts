import { createHash } from 'node:crypto';

/** Gravatar URLs at WordPress's three sizes, as reviews and the login response show them. */
export function avatarUrls(email: string): Record<string, string> {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return Object.fromEntries([24, 48, 96].map((s) => [String(s), `https://secure.gravatar.com/avatar/${hash}?s=${s}&d=mm&r=g`]));
}

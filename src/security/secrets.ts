import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether a secret a client sent equals the stored one, in constant time whatever their lengths. */
export function sameSecret(given: string, stored: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(stored).digest();
  return timingSafeEqual(a, b);
}

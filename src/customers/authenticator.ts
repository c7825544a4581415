import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { verifyPassword } from './password.ts';
import { findByLogin, findUser } from './repository.ts';
import type { User } from './types.ts';

/**
 * Checks a login (username, e-mail or billing phone) and password. Basic authentication sends the
 * password with every request and scrypt is slow on purpose, so a verified pair is remembered for a
 * minute by a hash of both; the user is still read on every request, and a password change (which
 * raises the token version) makes the remembered pair worthless at once.
 */

const REMEMBER_MS = 60_000;
const MAX_REMEMBERED = 10_000;

interface Remembered {
  userId: number;
  tokenVersion: number;
  until: number;
}

export class Authenticator {
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly db: Kysely<Database>) {}

  async authenticate(login: string, password: string): Promise<User | null> {
    const fingerprint = createHash('sha256').update(`${login}\u0000${password}`).digest('hex');
    const known = this.remembered.get(fingerprint);
    if (known && known.until > Date.now()) {
      const user = await findUser(this.db, known.userId);
      if (user && user.tokenVersion === known.tokenVersion) return user;
      this.remembered.delete(fingerprint);
    }
    const found = await findByLogin(this.db, login);
    // Verified against a dummy hash when the login is unknown, so both answers take as long.
    const ok = await verifyPassword(password, found?.passwordHash ?? null);
    if (!ok || !found) return null;
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(fingerprint, { userId: found.user.id, tokenVersion: found.user.tokenVersion, until: Date.now() + REMEMBER_MS });
    return found.user;
  }
}

/**
 * Who is signed in. The dashboard signs in through the Cart API's login route with Basic credentials
 * once, keeps the JWT pair it returns for this browser tab (sessionStorage: closing the tab signs
 * out), and never keeps the password.
 */

export type StaffRole = 'administrator' | 'shop_manager';

export interface Staff {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  token: string;
  refreshToken: string;
  /** The store's access token, when it requires one for the Sessions API (an extra gate beside the role). */
  accessToken?: string;
}

const STORAGE_KEY = 'cartwright.staff';
const listeners = new Set<() => void>();

function read(): Staff | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Staff) : null;
  } catch {
    return null;
  }
}

let staff: Staff | null = read();

export function currentStaff(): Staff | null {
  return staff;
}

export function isAdministrator(): boolean {
  return staff?.role === 'administrator';
}

export function setStaff(next: Staff | null): void {
  staff = next;
  if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}

export function onStaffChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

import { currentStaff, setStaff, type Staff, type StaffRole } from './auth.ts';
import { language, t } from './i18n.ts';

/**
 * The one way the dashboard talks to the server: the REST API under /wp-json, as the signed-in member
 * of staff (Bearer token, refreshed once when it expires), in the page's language. Every failure is
 * an ApiError carrying CoCart's `{code, message, data}`.
 */

export const API_ROOT = '/wp-json';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Per-field reasons, as the settings and WooCommerce-style routes give them in `data.params`. */
  get fieldErrors(): Record<string, string> {
    const params = this.data.params;
    return params && typeof params === 'object' ? (params as Record<string, string>) : {};
  }
}

/** Any thrown value as an ApiError (a bug's TypeError, say, as a client error), so every failure is shown the same way. */
export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'cartwright_client_error', String((err as Error)?.message ?? err));
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${API_ROOT}${path}${qs ? `?${qs}` : ''}`;
}

async function send(path: string, options: RequestOptions, authorization: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language() };
  if (authorization) headers.authorization = authorization;
  const accessToken = currentStaff()?.accessToken;
  if (accessToken) headers['x-cocart-access-token'] = accessToken;
  // A file upload (FormData) goes as multipart, its boundary set by the browser; anything else as JSON.
  const form = options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  try {
    return await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : form ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'cartwright_network_error', t('The server could not be reached. Check your connection and try again.'));
  }
}

async function parse<T>(res: Response): Promise<ApiResponse<T>> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const err = (body && typeof body === 'object' ? body : {}) as { code?: string; message?: string; data?: Record<string, unknown> };
    throw new ApiError(res.status, err.code ?? 'cartwright_http_error', err.message ?? t('The server answered %d.', res.status), err.data ?? {});
  }
  return { data: body as T, status: res.status, headers: res.headers };
}

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token for a new pair; false (and signed out) when that fails. */
function refresh(staff: Staff): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await send('/cocart/jwt/refresh-token', { method: 'POST', body: { refresh_token: staff.refreshToken } }, null);
      const { data } = await parse<{ token: string; refresh_token: string }>(res);
      setStaff({ ...staff, token: data.token, refreshToken: data.refresh_token });
      return true;
    } catch {
      setStaff(null);
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const staff = currentStaff();
  let res = await send(path, options, staff ? `Bearer ${staff.token}` : null);
  if (res.status === 401 && staff) {
    if (!(await refresh(staff))) throw new ApiError(401, 'cartwright_signed_out', t('Your session has ended. Please sign in again.'));
    res = await send(path, options, `Bearer ${currentStaff()!.token}`);
  }
  return parse<T>(res);
}

/** The body only, for the common case. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).data;
}

/** WordPress's paging headers. */
export function paging(headers: Headers): { total: number; totalPages: number } {
  return { total: Number(headers.get('x-wp-total') ?? 0), totalPages: Number(headers.get('x-wp-totalpages') ?? 0) };
}

const STAFF_ROLES: Record<string, StaffRole> = { Administrator: 'administrator', 'Shop manager': 'shop_manager' };

function basic(login: string, password: string): string {
  const bytes = new TextEncoder().encode(`${login}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

interface LoginResponse {
  user_id: string;
  display_name: string;
  email: string;
  role: string;
  extras: { jwt_token: string; jwt_refresh: string };
}

/** Signs in with a username, e-mail address or phone number and a password; only staff may. */
export async function signIn(login: string, password: string): Promise<Staff> {
  const res = await send('/cocart/v2/login', { method: 'POST' }, basic(login, password));
  const { data } = await parse<LoginResponse>(res);
  const role = STAFF_ROLES[data.role];
  if (!role) {
    // Not staff: the tokens just issued are dropped unused (logging out would end the customer's storefront sessions too).
    throw new ApiError(403, 'cartwright_not_staff', t('Only administrators and shop managers can use the dashboard.'));
  }
  const staff: Staff = {
    id: data.user_id,
    name: new DOMParser().parseFromString(data.display_name, 'text/html').documentElement.textContent ?? data.display_name,
    email: data.email,
    role,
    token: data.extras.jwt_token,
    refreshToken: data.extras.jwt_refresh,
  };
  // An administrator may read the settings: if the store requires an access token, the dashboard sends it.
  if (role === 'administrator') {
    const res = await send('/cocart/settings/get', {}, `Bearer ${staff.token}`);
    const general = res.ok ? ((await res.json()) as { general?: { require_access_token?: boolean; access_token?: string } }).general : undefined;
    if (general?.require_access_token && general.access_token) staff.accessToken = general.access_token;
  }
  setStaff(staff);
  return staff;
}

/** Signs out here and revokes this member of staff's tokens on the server. */
export async function signOut(): Promise<void> {
  const staff = currentStaff();
  setStaff(null);
  if (staff) await send('/cocart/v2/logout', { method: 'POST' }, `Bearer ${staff.token}`).catch(() => undefined);
}

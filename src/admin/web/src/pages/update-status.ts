import { useEffect, useState } from 'preact/hooks';
import { api, toApiError, type ApiError } from '../api.ts';

/**
 * The database update's state (GET /cartwright/v1/update), shared by the notice on every screen and
 * the update screen, so that starting it in one shows at once in the other. Read while a screen
 * shows it, and every few seconds while the update runs.
 */

export type UpdateState = 'current' | 'needed' | 'running' | 'complete';

export interface UpdateStatus {
  state: UpdateState;
  routines: { name: string; description: string; remaining: number }[];
  actions: { pending: number; in_progress: number; complete: number; failed: number };
  completed_at: number | null;
}

/** The group of the update's scheduled actions, as the scheduled-actions screen filters by it. */
export const UPDATE_GROUP = 'cartwright-db-updates';
const POLL_MS = 2000;

interface Snapshot {
  status?: UpdateStatus;
  error?: ApiError;
  /** The most rows left seen while running: the base of the progress bar. */
  largestRemaining: number;
}

let snapshot: Snapshot = { largestRemaining: 0 };
const listeners = new Set<(s: Snapshot) => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

const remainingOf = (s: UpdateStatus) => s.routines.reduce((n, r) => n + r.remaining, 0);

function publish(next: Snapshot): void {
  snapshot = next;
  for (const listener of listeners) listener(snapshot);
  clearTimeout(timer);
  if (listeners.size && next.status?.state === 'running') timer = setTimeout(() => void refreshUpdateStatus(), POLL_MS);
}

function accept(status: UpdateStatus): UpdateStatus {
  const remaining = remainingOf(status);
  const largest = status.state === 'running' || status.state === 'needed' ? Math.max(snapshot.largestRemaining, remaining) : snapshot.largestRemaining;
  publish({ status, largestRemaining: largest });
  return status;
}

export async function refreshUpdateStatus(): Promise<void> {
  try {
    accept(await api<UpdateStatus>('/cartwright/v1/update'));
  } catch (err) {
    publish({ ...snapshot, error: toApiError(err) });
  }
}

/** Starts the update in the background (administrators). */
export async function startUpdate(): Promise<UpdateStatus> {
  return accept(await api<UpdateStatus>('/cartwright/v1/update', { method: 'POST' }));
}

/** Hides the "update complete" notice for everyone (administrators). */
export async function dismissUpdateNotice(): Promise<UpdateStatus> {
  return accept(await api<UpdateStatus>('/cartwright/v1/update/dismiss', { method: 'POST' }));
}

/** How far the running update has come, 0…1, from the rows left against the most seen. */
export function updateProgress(s: Snapshot): number {
  if (!s.status || !s.largestRemaining) return s.status?.state === 'complete' ? 1 : 0;
  return Math.min(1, Math.max(0, 1 - remainingOf(s.status) / s.largestRemaining));
}

export function rowsLeft(status: UpdateStatus): number {
  return remainingOf(status);
}

export function useUpdateStatus(): Snapshot {
  const [state, setState] = useState(snapshot);
  useEffect(() => {
    listeners.add(setState);
    void refreshUpdateStatus();
    return () => {
      listeners.delete(setState);
      if (!listeners.size) clearTimeout(timer);
    };
  }, []);
  return state;
}

import { useCallback, useState } from 'preact/hooks';
import { toApiError, type ApiError } from '../api.ts';

export interface Action {
  /** True while a run is under way: its button is disabled and says so ("Saving…"). */
  busy: boolean;
  /** Why the last run failed, until the next run or reset(). */
  error: ApiError | undefined;
  /**
   * Runs `work`: resolves to what it resolved to, or undefined if it failed (the reason is then in
   * `error`). Work whose answer does not matter resolves to `true`, so that the caller can tell.
   */
  run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  /** Forgets the last failure (a dialog opened again starts without it). */
  reset: () => void;
}

/**
 * What a button that asks the server to do something needs (delete, save, start, run now): busy while
 * it waits, the reason when it fails, shown by an ErrorNotice. One hook rather than the same
 * try/catch/finally in every screen, so that every action clears its old error, shows any failure as
 * an ApiError and is never left busy.
 */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setError(undefined);
    setBusy(true);
    try {
      return await work();
    } catch (err) {
      setError(toApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => setError(undefined), []);
  return { busy, error, run, reset };
}

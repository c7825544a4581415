/**
 * Runs a reload so that overlapping requests coalesce: while one runs, further requests collapse into
 * a single follow-up run, so the last change is always picked up and no reload runs twice at once.
 */
export function coalesced(run: () => Promise<void>, onError: (err: unknown) => void): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async (): Promise<void> => {
    do {
      again = false;
      try {
        await run();
      } catch (err) {
        onError(err);
      }
    } while (again);
    running = null;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = loop();
    return running;
  };
}

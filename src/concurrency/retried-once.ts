// Set-up that runs once and is shared by every caller (a container or folder created on first use), but is
// tried again by the next caller after it failed, so a passing outage does not stick for the process's life.

export function retriedOnce<T>(start: () => Promise<T>): () => Promise<T> {
  let ready: Promise<T> | null = null;
  return () => {
    ready ??= start().catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  };
}

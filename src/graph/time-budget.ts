import { setMaxListeners } from 'node:events';
import { GraphTimeoutError } from './errors';

/**
 * One operation's deadline (a report, a lookup). Every request of the operation shares its abort signal, so a
 * hanging request is cut at the deadline, and retry waits never outlast it.
 */
export class TimeBudget {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly deadline: number;

  constructor(readonly budgetMs: number) {
    this.deadline = Date.now() + budgetMs;
    this.timer = setTimeout(() => this.controller.abort(new GraphTimeoutError(budgetMs)), budgetMs);
    this.timer.unref?.();
    // A report sends its batches and pages in parallel, all listening to this one signal.
    setMaxListeners(100, this.controller.signal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  remainingMs(): number {
    return this.expired ? 0 : Math.max(0, this.deadline - Date.now());
  }

  timeoutError(): GraphTimeoutError {
    return new GraphTimeoutError(this.budgetMs);
  }

  /** Waits `ms`, or rejects with GraphTimeoutError as soon as the budget runs out. */
  sleep(ms: number): Promise<void> {
    if (this.expired) return Promise.reject(this.timeoutError());
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(wait);
        reject(this.timeoutError());
      };
      const wait = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

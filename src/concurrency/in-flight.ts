// Counts the turns being processed, so a shutdown can stop taking new ones and wait for these.

export class InFlight {
  private count = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  get active(): number {
    return this.count;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** False once draining: the caller must refuse the turn. */
  begin(): boolean {
    if (this.draining) return false;
    this.count++;
    return true;
  }

  end(): void {
    this.count = Math.max(0, this.count - 1);
    if (this.count === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Stops new turns and resolves true when the in-flight ones finished, false at the deadline. */
  drain(deadlineMs: number): Promise<boolean> {
    this.draining = true;
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), deadlineMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

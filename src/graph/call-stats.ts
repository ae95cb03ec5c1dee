/**
 * Counts the HTTP calls of one operation. A call's depth is 1 + the deepest call that had finished when it
 * started, so parallel calls share a depth and `roundTrips` is the longest chain of calls that had to wait for
 * one another: the latency multiplier of the operation.
 */
export class CallStats {
  requests = 0;
  retries = 0;
  roundTrips = 0;
  private finishedDepth = 0;

  /** Records the start of one HTTP call; call the returned function when its response has arrived. */
  begin(): () => void {
    const depth = this.finishedDepth + 1;
    this.requests += 1;
    this.roundTrips = Math.max(this.roundTrips, depth);
    return () => {
      this.finishedDepth = Math.max(this.finishedDepth, depth);
    };
  }
}

import type { FaultInjector, FaultRule } from './types';

// Fault injection: tests and demos make a chosen request fail (throttling, outages, hangs) to see how
// the bot degrades. Rules are checked in the order they were added; the first live match wins.

interface LiveRule {
  rule: FaultRule;
  remaining: number;
}

export class FaultRegistry implements FaultInjector {
  private rules: LiveRule[] = [];

  add(rule: FaultRule): void {
    if (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599) {
      throw new RangeError(`Fault status must be an HTTP status code, got ${rule.status}`);
    }
    this.rules.push({ rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that applies to this request, if any; consumes one of its `times`. */
  take(method: string, path: string, query = ''): FaultRule | null {
    const live = this.rules.find(
      ({ rule, remaining }) => remaining > 0 && matches(rule, method, path, query),
    );
    if (!live) return null;
    live.remaining--;
    if (live.remaining <= 0) this.rules = this.rules.filter((r) => r !== live);
    return live.rule;
  }
}

function matches(rule: FaultRule, method: string, path: string, query: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.query) {
    rule.query.lastIndex = 0;
    if (!rule.query.test(query)) return false;
  }
  if (typeof rule.path === 'string') return rule.path.toLowerCase() === path.toLowerCase();
  rule.path.lastIndex = 0; // a /g or /y RegExp keeps state between tests
  return rule.path.test(path);
}

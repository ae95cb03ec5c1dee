import { areaReadings } from '../../src/areas';
import { createGraphClient } from '../../src/graph/create-graph-client';
import { GraphHttp } from '../../src/graph/graph-http';
import {
  GraphTroubleshootingSource,
  type GraphTroubleshootingSourceOptions,
} from '../../src/graph/graph-troubleshooting-source';
import { newOperation, type OperationContext } from '../../src/graph/operation-context';

type Extra = Partial<Omit<GraphTroubleshootingSourceOptions, 'client' | 'baseUrl'>>;

/** A source wired the way the composition root wires it, against a loopback Graph-compatible server. */
export function sourceFor(baseUrl: string, extra: Extra = {}): GraphTroubleshootingSource {
  return new GraphTroubleshootingSource({
    client: createGraphClient({ baseUrl, credential: null }),
    baseUrl,
    areas: areaReadings(),
    cache: null,
    ...extra,
  });
}

export function httpFor(baseUrl: string): GraphHttp {
  return new GraphHttp(createGraphClient({ baseUrl, credential: null }), baseUrl);
}

export function operation(budgetMs = 5_000, retryBaseMs = 10): OperationContext {
  return newOperation(budgetMs, undefined, { maxRetries: 3, baseDelayMs: retryBaseMs, maxDelayMs: 2_000 });
}

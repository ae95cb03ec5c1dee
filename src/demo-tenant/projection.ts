import { GraphError } from './graph-error';
import type { JsonObject } from './json';
import type { ApiVersion } from './types';

// $select projection. For the entity types the bot selects from, the demo knows the property names, so
// a misspelt or beta-only property in a v1.0 request gets Graph's 400 instead of a quiet null.

export interface EntityType {
  /** OData type name, e.g. microsoft.graph.user. */
  name: string;
  /** Selectable properties; null when the demo does not validate this type. */
  properties: ReadonlySet<string> | null;
  /** Properties that exist only in beta: rejected in v1.0 $select and left out of v1.0 bodies. */
  betaOnly?: ReadonlySet<string>;
  /** What Graph returns without $select (users get a small default set). */
  defaultProperties?: readonly string[];
}

function invalidProperty(property: string, type: EntityType): GraphError {
  return new GraphError(
    400,
    'BadRequest',
    `Could not find a property named '${property}' on type '${type.name}'.`,
  );
}

export function validateSelect(
  select: readonly string[] | null,
  type: EntityType,
  version: ApiVersion,
): void {
  if (!select || !type.properties) return;
  for (const property of select) {
    if (property === '*') continue;
    const known = type.properties.has(property) || type.betaOnly?.has(property) === true;
    if (!known || (version === 'v1.0' && type.betaOnly?.has(property) === true)) {
      throw invalidProperty(property, type);
    }
  }
}

export function project(
  entity: JsonObject,
  type: EntityType,
  select: readonly string[] | null,
  version: ApiVersion,
): JsonObject {
  const result: JsonObject = {};
  if (select && !select.includes('*')) {
    for (const property of select) result[property] = entity[property] ?? null;
    return result;
  }
  const keys = type.defaultProperties ?? Object.keys(entity);
  if (type.defaultProperties && entity['@odata.type'] !== undefined)
    result['@odata.type'] = entity['@odata.type'];
  for (const key of keys) {
    if (version === 'v1.0' && type.betaOnly?.has(key)) continue;
    result[key] = entity[key] ?? null;
  }
  return result;
}

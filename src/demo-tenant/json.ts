// The wire layer works on plain JSON objects; the seed is typed with the Graph entity types and
// converted here, at the boundary, so projection and paging do not need to know every entity type.

export type JsonObject = Record<string, unknown>;

/** A typed Graph entity as a plain JSON object (a shallow copy, so projection never mutates the seed). */
export function toJson(entity: object): JsonObject {
  return { ...(entity as JsonObject) };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

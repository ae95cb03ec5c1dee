import { GraphError } from './graph-error';

/** Decoded segments of a path such as /users/a_b.example%23EXT%23%40northwind.example/memberOf. */
export function splitPath(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new GraphError(400, 'BadRequest', `Invalid URL encoding in segment '${segment}'.`);
      }
    });
}

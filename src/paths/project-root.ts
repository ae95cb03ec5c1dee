// The folder that holds package.json, cards/ and locales/, whether the code runs from src/ (tsx) or from
// dist/src/ (compiled).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'cards'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No project root (package.json with cards/) above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

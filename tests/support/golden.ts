/** Reads a golden JSON file made by a script in tests/golden/ (the tests never need Python). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function readGolden<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../golden/${name}`, import.meta.url)), 'utf8')) as T;
}

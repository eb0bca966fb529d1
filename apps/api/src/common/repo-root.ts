import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root, found from this file whether it runs from `apps/api/src` (tests)
 * or from `dist/apps/api/src` (the build): the nearest folder above holding both
 * package.json and apps/.
 */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'apps'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

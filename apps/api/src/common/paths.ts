import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest ancestor of this file's folder that holds `relative`, so paths work from sources and from dist. */
export function findUp(relative: string, from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) return null;
  }
}

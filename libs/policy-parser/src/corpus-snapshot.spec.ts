import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusSnapshot } from './corpus-snapshot';
import { SEED_DIR } from './test-support';

// A rule change moves these figures: look at the diff, then `npm run -s parse:snapshot` to accept it.
describe('corpus snapshot', () => {
  it('matches what the parser reads in every seed notice', () => {
    const files = readdirSync(SEED_DIR)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((name) => ({ name, text: readFileSync(join(SEED_DIR, name), 'utf8') }));
    const stored = JSON.parse(readFileSync(join(__dirname, '../corpus-snapshot.json'), 'utf8'));
    const now = corpusSnapshot(files);
    expect(now.totals).toEqual(stored.totals);
    expect(now.files).toEqual(stored.files);
  });
});

// The web declares no API shape of its own: requests and responses are the zod schemas' types in
// @duban/contracts, which the api serialises through. A local copy is how the two drifted before.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const FEATURES = __dirname;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const sources = filesUnder(FEATURES)
  .filter((file) => /\.tsx?$/.test(file) && !/\.spec\.tsx?$/.test(file))
  .map((file) => ({ file: relative(FEATURES, file), text: readFileSync(file, 'utf8') }));

const DECLARATION =
  /^\s*(?:export\s+)?(?:declare\s+)?(?:interface\s+(\w+)|type\s+(\w+)\s*(?:<[^=]*>)?\s*=)/gm;
/** Names that say "this is what the api sends or answers". */
const API_SHAPE = /(View|Result|Response|Request|Details|Summary|Page|Params|Filters|Query|Input|Decision)$/;

function declarations(text: string): string[] {
  return [...text.matchAll(DECLARATION)].map((match) => match[1] ?? match[2]);
}

describe('web API types come from @duban/contracts', () => {
  it('finds the feature api clients it checks', () => {
    expect(sources.filter(({ file }) => file.endsWith('.api.ts')).length).toBeGreaterThanOrEqual(10);
  });

  it('no *.api.ts declares a type or interface', () => {
    const found = sources
      .filter(({ file }) => file.endsWith('.api.ts'))
      .flatMap(({ file, text }) => declarations(text).map((name) => `${file}: ${name}`));
    expect(found).toEqual([]);
  });

  it('no *.api.ts spells a request or response shape inline', () => {
    const found = sources
      .filter(({ file }) => file.endsWith('.api.ts'))
      .flatMap(({ file, text }) =>
        [...text.matchAll(/api<\s*\{[^>]*>|:\s*\{\s*\w+\??:\s*[^}]*\}\s*\)\s*=>/g)].map(
          (match) => `${file}: ${match[0]}`,
        ),
      );
    expect(found).toEqual([]);
  });

  it('no feature file declares a type named like an API shape', () => {
    const found = sources.flatMap(({ file, text }) =>
      declarations(text)
        .filter((name) => API_SHAPE.test(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(found).toEqual([]);
  });
});

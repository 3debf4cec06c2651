/**
 * The one way to build positional SQL parameters: `params.add(value)` returns its `$n` placeholder, and
 * `params.values` goes to `query(sql, params.values)`. Raw rows come back typed by the caller
 * (`query<Row[]>` or an annotated variable), never as `any` spread through the code.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(...initial: unknown[]) {
    for (const value of initial) this.add(value);
  }

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

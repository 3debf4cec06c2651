import type { EntityMetadata } from 'typeorm';
import type { SqlParams } from '../../common/sql-params';

/**
 * Raw SQL for an entity's loaded columns, for the hot write paths (a move on an assignment) where
 * TypeORM's query builders cost more CPU than the statement itself. Built from the entity's metadata,
 * so a new column is read, audited and written like the ORM would, without a list to keep in step.
 */
export class EntityRows {
  private readonly columns;

  constructor(private readonly metadata: EntityMetadata) {
    // The columns find() loads: derived ones (select: false) stay the database's.
    this.columns = metadata.columns.filter((column) => column.isSelect);
  }

  /** `alias.col AS "prefix.prop", …`; dates as 'YYYY-MM-DD' text, as TypeORM hydrates them. */
  select(alias: string, prefix: string): string {
    return this.columns
      .map((column) => {
        const value = `${alias}."${column.databaseName}"`;
        const read = column.type === 'date' ? `to_char(${value}, 'YYYY-MM-DD')` : value;
        return `${read} AS "${prefix}.${column.propertyName}"`;
      })
      .join(', ');
  }

  /** The entity's properties from a row read with `select(…, prefix)`. */
  from(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
    const entity: Record<string, unknown> = {};
    for (const column of this.columns) entity[column.propertyName] = row[`${prefix}.${column.propertyName}`];
    return entity;
  }

  /** `("col", …) VALUES ($n, …)` for the given properties, for an INSERT whose row the caller already knows. */
  values(row: Record<string, unknown>, params: SqlParams): string {
    const columns = Object.keys(row).map((property) => {
      const column = this.metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${this.metadata.tableName}.${property} is not a column`);
      return `"${column.databaseName}"`;
    });
    return `(${columns.join(', ')}) VALUES (${Object.values(row)
      .map((value) => params.add(value))
      .join(', ')})`;
  }

  /** `"col" = $n, …` for changed properties, and the update date the ORM would set. */
  set(changed: Record<string, unknown>, params: SqlParams): string {
    const sets = Object.entries(changed).map(([property, value]) => {
      const column = this.metadata.findColumnWithPropertyName(property);
      if (!column || !column.isUpdate)
        throw new Error(`${this.metadata.tableName}.${property} is not writable`);
      return `"${column.databaseName}" = ${params.add(value)}`;
    });
    const updated = this.metadata.updateDateColumn;
    if (updated && !(updated.propertyName in changed)) sets.push(`"${updated.databaseName}" = now()`);
    return sets.join(', ');
  }
}

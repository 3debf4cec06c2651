import type { CockpitQuery, CockpitView, Light } from '@duban/contracts';
import type { Db } from '../../database/prepared';
import { SqlParams } from '../../common/sql-params';
import type { Scope } from '../units/jurisdiction';
import { unitsWithin } from './dashboard.queries';
import { counterBehind, counterLights, expectedProgressSql } from './figures';
import { signalSql, taskFrom, taskSignalsCte, type SignalParams } from './task-query';

// The leader's 驾驶舱 figures the dashboard endpoints lack, with the filters the task list takes, so a light
// count or a unit's yellow tasks is its drill-down list's total.

export async function cockpit(
  db: Db,
  scope: Scope,
  filters: CockpitQuery,
  signals: SignalParams,
): Promise<CockpitView> {
  const lights =
    (await counterLights(db, scope, filters, signals)) ?? (await lightsSql(db, scope, filters, signals));

  const behindUnits = await behind(db, scope, filters, signals);

  // Driven by the 批示 rows (few), each checked against the filters by its task's key; the light is computed
  // for the page's rows only, not for every task in scope.
  const instructedParams = new SqlParams();
  const visible = taskFrom(scope, filters, signals, instructedParams);
  const light = signalSql(signals, instructedParams).light;
  const rows: (CockpitView['instructed']['items'][number] & { total: number })[] = await db.query(
    `WITH latest AS (
       SELECT DISTINCT ON (c.task_id) c.task_id, c.content, c.created_at, c.author_id
         FROM task_comment c
        WHERE c.kind = 'instruction' AND c.task_id IN (SELECT t.id ${visible})
        ORDER BY c.task_id, c.created_at DESC
     )
     SELECT t.id AS "taskId", t.code, t.title, ${light} AS light, t.status, l.content AS instruction,
            au.display_name AS "authorName", l.created_at AS at, count(*) OVER ()::int AS total
       FROM latest l JOIN task t ON t.id = l.task_id
       LEFT JOIN app_user au ON au.id = l.author_id
      ORDER BY l.created_at DESC
      LIMIT 20`,
    instructedParams.values,
  );
  return {
    lights,
    behindUnits,
    instructed: {
      total: rows[0]?.total ?? 0,
      items: rows.map(({ total: _total, at, ...item }) => ({ ...item, at: new Date(at).toISOString() })),
    },
  };
}

const SHOWN = 10;

/**
 * The units whose own live assignments trail 序时进度 most often today, with the average gap, which moves with
 * today, and the yellow tasks, the rows the task list counts for `unitId=…&light=yellow` with the same
 * filters (its unitId replaces the filter's, as the link does): from the counters when they carry the
 * filters, else counted on the assignment rows, then for those ten only, in one pass over their assignments.
 */
async function behind(
  db: Db,
  scope: Scope,
  filters: CockpitQuery,
  signals: SignalParams,
): Promise<CockpitView['behindUnits']> {
  const counted = await counterBehind(db, scope, filters, signals, SHOWN);
  if (counted)
    return counted.map(({ gap, yellow, ...unit }) => ({ ...unit, gap: gap ?? 0, yellowTasks: yellow }));
  const units = await behindSql(db, scope, filters, signals);
  if (!units.length) return [];
  const figures = await figuresSql(db, scope, filters, signals, units);
  return units.map((unit) => {
    const figure = figures.find((row) => row.unitId === unit.unitId);
    return { ...unit, gap: figure?.gap ?? 0, yellowTasks: figure?.yellow ?? 0 };
  });
}

/** The gap and yellow tasks of the units counted on the assignment rows (filters the shares do not carry). */
async function figuresSql(
  db: Db,
  scope: Scope,
  filters: CockpitQuery,
  signals: SignalParams,
  units: { unitId: string }[],
): Promise<{ unitId: string; gap: number | null; yellow: number }[]> {
  const params = new SqlParams();
  const sql = signalSql(signals, params);
  const visible = taskFrom(scope, { ...filters, unitId: undefined }, signals, params);
  return db.query(
    `SELECT a.unit_id AS "unitId",
            round(avg(${expectedProgressSql('t.start_date', 'a.deadline', sql.today)} - a.progress)
              FILTER (WHERE a.live_deadline IS NOT NULL AND ${ofTasks(scope, filters, signals, params)}))::int AS gap,
            count(*) FILTER (WHERE ${sql.light} = 'yellow')::int AS yellow
       FROM assignment a JOIN (SELECT t.* ${visible}) t ON t.id = a.task_id
      WHERE a.unit_id = ANY(${params.add(units.map((unit) => unit.unitId))}::uuid[]) AND a.status <> 'returned'
      GROUP BY a.unit_id`,
    params.values,
  );
}

/** SQL on assignment `a`: its task matches the task filters (document, a unit's share); true without them. */
function ofTasks(scope: Scope, filters: CockpitQuery, signals: SignalParams, params: SqlParams): string {
  if (!filters.documentId && !filters.unitId) return 'true';
  const only = { documentId: filters.documentId, unitId: filters.unitId };
  return `a.task_id IN (SELECT t.id ${taskFrom(scope, only, signals, params)})`;
}

/** The top units behind counted on the assignment rows (filters the counter does not carry). */
async function behindSql(
  db: Db,
  scope: Scope,
  filters: CockpitQuery,
  signals: SignalParams,
): Promise<{ unitId: string; unitName: string; behind: number }[]> {
  const params = new SqlParams();
  const where = [
    `a.behind_from <= ${params.add(signals.today)}::date`,
    ...unitsWithin(scope, filters, params),
    ofTasks(scope, filters, signals, params),
  ];
  return db.query(
    `SELECT a.unit_id AS "unitId", u.name AS "unitName", count(*)::int AS behind
       FROM assignment a JOIN unit u ON u.id = a.unit_id
      WHERE ${where.join(' AND ')}
      GROUP BY a.unit_id, u.name
      ORDER BY behind DESC, u.name, a.unit_id
      LIMIT ${SHOWN}`,
    params.values,
  );
}

/** Tasks per light counted on the task rows (filters the counters do not carry). */
async function lightsSql(
  db: Db,
  scope: Scope,
  filters: CockpitQuery,
  signals: SignalParams,
): Promise<Record<Light, number>> {
  const params = new SqlParams();
  const rows: { light: Light; count: number }[] = await db.query(
    `${taskSignalsCte(scope, filters, signals, params)}
     SELECT light, count(*)::int AS count FROM task_signal GROUP BY light`,
    params.values,
  );
  const lights: Record<Light, number> = { red: 0, yellow: 0, green: 0 };
  for (const row of rows) lights[row.light] = row.count;
  return lights;
}

import type { CockpitQuery, CockpitView, Light } from '@duban/contracts';
import type { DataSource } from 'typeorm';
import { SqlParams } from '../../common/sql-params';
import type { Scope } from '../units/jurisdiction';
import { counterLights } from './figures';
import { taskSignalsCte, type SignalParams } from './task-query';

// The leader's 驾驶舱 figures the dashboard endpoints lack. Each starts from taskSignalsCte with the filters the
// task list takes, so a light count or a unit's yellow tasks is its drill-down list's total.

/** 序时进度 of an assignment in SQL, as expectedProgress() in contracts: share of start→deadline elapsed. */
const EXPECTED = (today: string) => `CASE WHEN a.deadline <= t.start_date THEN 100
  ELSE LEAST(100, GREATEST(0, round((${today}::date - t.start_date) * 100.0 / (a.deadline - t.start_date)))) END`;

export async function cockpit(
  dataSource: DataSource,
  scope: Scope,
  filters: CockpitQuery,
  signals: SignalParams,
): Promise<CockpitView> {
  const lights =
    (await counterLights(dataSource, scope, filters, signals)) ??
    (await lightsSql(dataSource, scope, filters, signals));

  const behindParams = new SqlParams();
  const cte = taskSignalsCte(scope, filters, signals, behindParams);
  const today = behindParams.add(signals.today);
  const behindUnits: CockpitView['behindUnits'] = await dataSource.query(
    `${cte}, gap AS (
       SELECT a.unit_id, avg(${EXPECTED(today)} - a.progress) AS gap
         FROM task_signal s JOIN task t ON t.id = s.id
         JOIN assignment a ON a.task_id = t.id
        WHERE t.status = 'in_progress' AND a.status IN ('pending', 'accepted') AND a.deadline IS NOT NULL
        GROUP BY a.unit_id
     ), yellow AS (
       SELECT y.unit_id, count(DISTINCT s.id)::int AS tasks
         FROM task_signal s JOIN assignment y ON y.task_id = s.id
        WHERE s.light = 'yellow'
        GROUP BY y.unit_id
     )
     SELECT g.unit_id AS "unitId", u.name AS "unitName", round(g.gap)::int AS gap,
            COALESCE(yl.tasks, 0) AS "yellowTasks"
       FROM gap g JOIN unit u ON u.id = g.unit_id LEFT JOIN yellow yl ON yl.unit_id = g.unit_id
      WHERE g.gap > 0
      ORDER BY g.gap DESC, u.name
      LIMIT 10`,
    behindParams.values,
  );

  const instructedParams = new SqlParams();
  const rows: (CockpitView['instructed']['items'][number] & { total: number })[] = await dataSource.query(
    `${taskSignalsCte(scope, filters, signals, instructedParams)}, latest AS (
       SELECT DISTINCT ON (c.task_id) c.task_id, c.content, c.created_at, c.author_id
         FROM task_comment c JOIN task_signal s ON s.id = c.task_id
        WHERE c.kind = 'instruction'
        ORDER BY c.task_id, c.created_at DESC
     )
     SELECT t.id AS "taskId", t.code, t.title, s.light, t.status, l.content AS instruction,
            au.display_name AS "authorName", l.created_at AS at, count(*) OVER ()::int AS total
       FROM latest l JOIN task t ON t.id = l.task_id JOIN task_signal s ON s.id = t.id
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

/** Tasks per light counted on the task rows (filters the counters do not carry). */
async function lightsSql(
  dataSource: DataSource,
  scope: Scope,
  filters: CockpitQuery,
  signals: SignalParams,
): Promise<Record<Light, number>> {
  const params = new SqlParams();
  const rows: { light: Light; count: number }[] = await dataSource.query(
    `${taskSignalsCte(scope, filters, signals, params)}
     SELECT light, count(*)::int AS count FROM task_signal GROUP BY light`,
    params.values,
  );
  const lights: Record<Light, number> = { red: 0, yellow: 0, green: 0 };
  for (const row of rows) lights[row.light] = row.count;
  return lights;
}

import type { INestApplicationContext } from '@nestjs/common';
import { addDays, startOfShanghaiDate, type Role } from '@duban/contracts';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { AssignmentsService } from '../modules/tasks/assignments.service';

type Scenario = 'completed' | 'on_track' | 'due_soon' | 'overdue' | 'pending' | 'extended';
const PLAN: Scenario[] = [
  'completed',
  'on_track',
  'overdue',
  'completed',
  'due_soon',
  'on_track',
  'pending',
  'extended',
  'completed',
  'overdue',
];

/** Deterministic pseudo-random numbers so every demo database looks the same. */
function random(seed: number): (min: number, max: number) => number {
  let state = seed;
  return (min, max) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return min + (state % (max - min + 1));
  };
}

/**
 * A believable history relative to today: tasks started weeks ago, units accepted and reported, the
 * supervisor reviewed, some finished (a few late), some asked for more time, some are overdue. Every step
 * goes through the real services with the clock set back, so states, audit rows and signals are genuine.
 */
export async function simulateHistory(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get(DataSource);
  const clock = app.get(Clock);
  const assignments = app.get(AssignmentsService);
  const today = clock.today();
  const rand = random(2023);
  const supervisor: Actor = {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'supervisor',
    displayName: '督查室（演示数据）',
    roles: ['supervisor'],
    unitId: null,
  };
  const users: { id: string; display_name: string; unit_id: string }[] = await dataSource.query(
    `SELECT id, display_name, unit_id FROM app_user WHERE 'unit' = ANY(roles) AND NOT is_unit_head`,
  );
  const unitActor = (unitId: string, unitName: string): Actor => {
    const user = users.find((u) => u.unit_id === unitId);
    return {
      userId: user?.id ?? supervisor.userId,
      username: '',
      displayName: user?.display_name ?? `${unitName}承办人`,
      roles: ['unit'] as Role[],
      unitId,
    };
  };
  const at = (date: string, hour = 10) =>
    clock.set(new Date(startOfShanghaiDate(date).getTime() + hour * 3600 * 1000));

  const tasks: { id: string; ongoing: boolean }[] = await dataSource.query(
    'SELECT id, ongoing FROM task ORDER BY code',
  );
  try {
    for (const [index, task] of tasks.entries()) {
      const scenario = PLAN[index % PLAN.length];
      const start = addDays(today, -rand(25, 100));
      const deadline = task.ongoing
        ? null
        : {
            completed: addDays(start, rand(20, 60)),
            on_track: addDays(today, rand(20, 120)),
            due_soon: addDays(today, rand(1, 6)),
            overdue: addDays(today, -rand(2, 20)),
            pending: addDays(today, rand(15, 60)),
            extended: addDays(today, rand(2, 10)),
          }[scenario];
      await dataSource.query(
        'UPDATE task SET start_date = $2, deadline = $3, late_from_start = false WHERE id = $1',
        [task.id, start, deadline],
      );
      await dataSource.query('UPDATE assignment SET deadline = $2 WHERE task_id = $1', [task.id, deadline]);
      if (scenario === 'pending') continue;
      const rows: { id: string; unit_id: string; name: string }[] = await dataSource.query(
        'SELECT a.id, a.unit_id, u.name FROM assignment a JOIN unit u ON u.id = a.unit_id WHERE a.task_id = $1 ORDER BY a.role, u.name',
        [task.id],
      );
      for (const row of rows) {
        const actor = unitActor(row.unit_id, row.name);
        at(addDays(start, rand(1, 4)));
        await assignments.accept(actor, row.id);
        const reportDay = addDays(start, rand(8, 20));
        if (reportDay >= today) continue;
        at(reportDay, 15);
        const progress =
          scenario === 'completed' ? rand(60, 90) : scenario === 'overdue' ? rand(20, 50) : rand(30, 70);
        const report = await assignments.submitReport(actor, row.id, {
          content: `${row.name}已制定工作方案，明确责任科室和时间节点，正在按计划推进，目前完成约${progress}%。`,
          progress,
        });
        at(addDays(reportDay, 1), 9);
        await assignments.reviewReport(supervisor, report.id, {
          decision: rand(0, 4) === 0 ? 'reject' : 'approve',
          comment: '请继续按时间节点推进',
        });
        if (scenario === 'extended' && deadline) {
          at(addDays(reportDay, 2));
          const request = await assignments.requestExtension(actor, row.id, {
            requestedDeadline: addDays(deadline, rand(20, 45)),
            reason: '涉及多部门协调，系统对接需延长测试周期',
          });
          at(addDays(reportDay, 3));
          await assignments.decideExtension(supervisor, request.id, {
            decision: 'approve',
            comment: '同意延期，请按新时限完成',
          });
        }
        if (scenario === 'completed' && deadline) {
          const finished = addDays(deadline, rand(-10, 3));
          if (finished >= today || finished <= reportDay) continue;
          at(finished, 11);
          await assignments.requestCompletion(
            actor,
            row.id,
            `${row.name}已按要求完成全部工作任务，相关材料已归档。`,
          );
          at(finished, 16);
          await assignments.decideCompletion(supervisor, row.id, {
            decision: 'approve',
            comment: '同意销号',
          });
        }
      }
    }
  } finally {
    clock.set(null);
  }
}

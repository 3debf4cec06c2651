import { LedgerRetentionService } from '../src/modules/reminders/ledger-retention.service';
import { RemindersService } from '../src/modules/reminders/reminders.service';
import { createTestApp, type TestApp } from './support/test-app';

const at = (date: string) => new Date(`${date}T09:00:00+08:00`);

/** Ledgers that stay the size of current work: sweeps with nothing new, the reminder archive, audit months. */
describe('ledger bounds', () => {
  let t: TestApp;
  let taskId: string;
  let assignmentId: string;
  beforeAll(async () => {
    t = await createTestApp({
      role: 'api',
      now: at('2025-09-29'),
      env: { REMINDER_CRON: 'off', AUDIT_RETENTION_MONTHS: '12', REMINDER_ARCHIVE_DAYS: '30' },
    });
    // Overdue since 2025-09-10: overdue (each working day) and escalation (once per deadline) fire.
    const [task] = await t.dataSource.query(
      `INSERT INTO task (code, title, deadline, status, start_date)
       VALUES ('DB-L-1', '清理拖欠企业账款', '2025-09-10', 'in_progress', '2025-06-01') RETURNING id`,
    );
    taskId = task.id;
    const [assignment] = await t.dataSource.query(
      `INSERT INTO assignment (task_id, unit_id, role, status, deadline)
       VALUES ($1, $2, 'lead', 'accepted', '2025-09-10') RETURNING id`,
      [taskId, t.fixture.units.market.id],
    );
    assignmentId = assignment.id;
  });
  afterAll(() => t.close());

  const ledger = async () =>
    (
      await t.dataSource.query(
        `SELECT r.rule, u.username FROM reminder r JOIN app_user u ON u.id = r.recipient_id
          WHERE r.assignment_id = $1 ORDER BY 1, 2`,
        [assignmentId],
      )
    ).map((row: { rule: string; username: string }) => `${row.rule} ${row.username}`);

  it('a sweep with nothing new creates nothing; a new clerk still gets what their unit was sent', async () => {
    const reminders = t.app.get(RemindersService);
    const first = await reminders.sweep();
    expect(first.created).toBeGreaterThan(0);
    const before = await ledger();
    expect(before).toContain('overdue market');
    expect(before).toContain('escalation market_head');

    expect((await reminders.sweep()).created).toBe(0);
    const runs = await t.dataSource.query(`SELECT only_new_keys FROM reminder_sweep_run ORDER BY created_at`);
    expect(runs.map((r: { only_new_keys: boolean }) => r.only_new_keys)).toEqual([false, true]);

    // The directory changed: keys already in the ledger are checked recipient by recipient again.
    await t.dataSource.query(
      `INSERT INTO app_user (username, display_name, password_hash, unit_id, roles)
       VALUES ('market_new', '新承办人', 'x', $1, '{unit}')`,
      [t.fixture.units.market.id],
    );
    const third = await reminders.sweep();
    expect(third.created).toBe(1);
    expect(await ledger()).toEqual([...before, 'overdue market_new'].sort());
  });

  it('archives delivered rows that can never fire again, and the sweep does not send them again', async () => {
    const reminders = t.app.get(RemindersService);
    await t.dataSource.query(`UPDATE reminder SET status = 'sent' WHERE assignment_id = $1`, [assignmentId]);
    // Months later, still overdue and open.
    const later = at('2026-01-20');
    t.clock.set(later);
    await t.dataSource.query(`UPDATE reminder SET created_at = created_at - interval '120 days'`);
    const report = await t.app.get(LedgerRetentionService).run(later);
    const archived = await t.dataSource.query(
      `SELECT rule, row->>'status' AS status FROM reminder_archive WHERE assignment_id = $1`,
      [assignmentId],
    );
    expect(report.remindersArchived).toBe(archived.length);
    // The old overdue rows go; the escalation (its bucket is the deadline, still overdue) stays.
    expect(archived.map((r: { rule: string }) => r.rule)).toContain('overdue');
    expect(archived.every((r: { status: string }) => r.status === 'sent')).toBe(true);
    const left = await ledger();
    expect(left.filter((row: string) => row.startsWith('escalation')).length).toBeGreaterThan(0);
    expect(left.filter((row: string) => row.startsWith('overdue'))).toEqual([]);

    const swept = await reminders.sweep(later);
    // Today's overdue period is new; the escalation was not sent again.
    expect(swept.byKind.escalation ?? 0).toBe(0);
    expect(swept.byKind.overdue).toBeGreaterThan(0);

    // Completed: its escalation can go too.
    await t.dataSource.query(`UPDATE assignment SET status = 'completed' WHERE id = $1`, [assignmentId]);
    await t.dataSource.query(
      `UPDATE reminder SET status = 'sent', created_at = created_at - interval '120 days'`,
    );
    await t.app.get(LedgerRetentionService).run(new Date(later.getTime() + 120 * 86_400_000));
    expect(await ledger()).toEqual([]);
  });

  it('keeps audit months ahead and drops months past AUDIT_RETENTION_MONTHS whole', async () => {
    const now = at('2026-01-20');
    const [{ name }] = await t.dataSource.query(`SELECT duban_audit_partition('2024-06-01') AS name`);
    expect(name).toBe('audit_entry_y2024m06');
    await t.dataSource.query(
      `INSERT INTO audit_entry (at, action, entity_type, entity_id) VALUES
         ('2024-06-15 10:00+08', 'task.comment', 'task', 'old'), (now(), 'task.comment', 'task', 'recent')`,
    );
    await expect(t.dataSource.query(`DELETE FROM audit_entry_y2024m06`)).rejects.toThrow(/append-only/);

    const report = await t.app.get(LedgerRetentionService).run(now);
    expect(report.auditPartitionsDropped).toEqual(['audit_entry_y2024m06']);
    const partitions = (
      await t.dataSource.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'audit_entry'::regclass ORDER BY 1`,
      )
    ).map((row: { relname: string }) => row.relname);
    expect(partitions).toEqual(expect.arrayContaining(['audit_entry_y2026m04', 'audit_entry_default']));
    const ids = (
      await t.dataSource.query(`SELECT entity_id FROM audit_entry WHERE action = 'task.comment'`)
    ).map((row: { entity_id: string }) => row.entity_id);
    expect(ids).toEqual(['recent']);
    const [entry] = await t.dataSource.query(
      `SELECT after FROM audit_entry WHERE action = 'ledger.retention' AND after->>'auditPartitionsDropped' <> '[]'`,
    );
    expect(entry.after.auditPartitionsDropped).toEqual(['audit_entry_y2024m06']);
  });
});

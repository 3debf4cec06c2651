import { addDays, weekday, type CalendarYear } from '@duban/contracts';
import { CalendarService } from '../src/modules/calendar/calendar.service';
import { createTestApp, type TestApp } from './support/test-app';

/** Monday–Friday count of a year, from first principles, to check the year view against. */
function weekdaysOf(year: number): number {
  let count = 0;
  for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1))
    if (![0, 6].includes(weekday(date))) count++;
  return count;
}

describe('working-day calendar administration', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  const auditRows = (action: string) =>
    t.dataSource.query(`SELECT before, after FROM audit_entry WHERE action = $1 ORDER BY at, id`, [action]);

  beforeAll(async () => {
    t = await createTestApp({ env: { REMINDER_CRON: 'off' } });
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('shows a packaged year: holidays on weekdays and 调休 working weekends, consistent with its working-day count', async () => {
    const { body } = await t.http().get('/api/v1/calendar?year=2025').set(admin).expect(200);
    const year = body as CalendarYear;
    expect(year.packaged).toBe(true);
    expect(year.exceptions).toEqual(
      expect.arrayContaining([
        { date: '2025-10-01', isWorkingDay: false, source: 'packaged', note: '国庆节' },
        { date: '2025-09-28', isWorkingDay: true, source: 'packaged', note: '国庆节' },
      ]),
    );
    const holidays = year.exceptions.filter((day) => !day.isWorkingDay).length;
    const makeUpDays = year.exceptions.filter((day) => day.isWorkingDay).length;
    expect(year.workingDays).toBe(weekdaysOf(2025) - holidays + makeUpDays);
  });

  it('lets an admin enter a year the package does not cover yet, audited, and reminders count by it at once', async () => {
    const before = (await t.http().get('/api/v1/calendar?year=2079').set(admin).expect(200))
      .body as CalendarYear;
    expect(before).toMatchObject({ packaged: false, exceptions: [], workingDays: weekdaysOf(2079) });

    // 2079-02-01 is a Wednesday off, 2079-02-04 a Saturday at work.
    await t
      .http()
      .put('/api/v1/calendar/days/2079-02-01')
      .set(admin)
      .send({ isWorkingDay: false, note: '春节' })
      .expect(200);
    await t
      .http()
      .put('/api/v1/calendar/days/2079-02-04')
      .set(admin)
      .send({ isWorkingDay: true, note: '春节调休' })
      .expect(200);
    const after = (await t.http().get('/api/v1/calendar?year=2079').set(admin).expect(200))
      .body as CalendarYear;
    expect(after.exceptions).toEqual([
      { date: '2079-02-01', isWorkingDay: false, source: 'override', note: '春节' },
      { date: '2079-02-04', isWorkingDay: true, source: 'override', note: '春节调休' },
    ]);
    expect(after.workingDays).toBe(before.workingDays);

    const calendar = await t.app.get(CalendarService).calendar();
    expect(calendar.isWorkingDay('2079-02-01')).toBe(false);
    expect(calendar.workingDaysBetween('2079-01-31', '2079-02-06')).toBe(4); // Thu, Fri, Sat (调休), Mon
    expect(await auditRows('calendar.override')).toHaveLength(2);

    // Changing its mind: the override is replaced, then removed.
    await t
      .http()
      .put('/api/v1/calendar/days/2079-02-04')
      .set(admin)
      .send({ isWorkingDay: false })
      .expect(200);
    await t.http().delete('/api/v1/calendar/days/2079-02-01').set(admin).expect(204);
    const calendarAgain = await t.app.get(CalendarService).calendar();
    expect(calendarAgain.isWorkingDay('2079-02-01')).toBe(true);
    expect(calendarAgain.isWorkingDay('2079-02-04')).toBe(false);
    expect((await auditRows('calendar.override')).at(-1)).toMatchObject({
      before: { isWorkingDay: true, note: '春节调休' },
      after: { isWorkingDay: false, note: null },
    });
    expect(await auditRows('calendar.override_removed')).toEqual([
      { before: { date: '2079-02-01', isWorkingDay: false, note: '春节' }, after: null },
    ]);
  });

  it('refuses bad input with clear messages and other roles with 403, changing nothing', async () => {
    const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM calendar_day'))[0].n;
    const rows = await count();
    const badDate = await t
      .http()
      .put('/api/v1/calendar/days/2079-02-30')
      .set(admin)
      .send({ isWorkingDay: false })
      .expect(400);
    expect(badDate.body.message).toContain('日期无效');
    const badBody = await t
      .http()
      .put('/api/v1/calendar/days/2079-03-01')
      .set(admin)
      .send({ isWorkingDay: 'yes' })
      .expect(400);
    expect(badBody.body.message).toContain('请说明这一天是否上班');
    expect((await t.http().get('/api/v1/calendar?year=1999').set(admin).expect(400)).body.message).toContain(
      '不能早于 2000 年',
    );
    const farAway = await t
      .http()
      .put('/api/v1/calendar/days/9999-12-31')
      .set(admin)
      .send({ isWorkingDay: false });
    expect({ status: farAway.status, message: farAway.body.message }).toEqual({
      status: 400,
      message: expect.stringContaining('2000 年至 2079 年'),
    });
    expect((await t.http().get('/api/v1/calendar').set(admin).expect(400)).body.message).toContain(
      '请填写年份',
    );
    const missing = await t.http().delete('/api/v1/calendar/days/2079-03-02').set(admin).expect(404);
    expect(missing.body.message).toContain('没有调整记录');
    for (const who of ['supervisor', 'leader', 'approval']) {
      await t
        .http()
        .put('/api/v1/calendar/days/2079-03-01')
        .set(await t.login(who))
        .send({ isWorkingDay: false })
        .expect(403);
      await t
        .http()
        .get('/api/v1/calendar?year=2079')
        .set(await t.login(who))
        .expect(403);
    }
    expect(await count()).toBe(rows);
  });
});

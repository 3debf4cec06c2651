import { addDays, lightFor, type SignalInput } from '@duban/contracts';
import { Client } from 'pg';
import { cloneDatabase } from './support/test-app';

/** The SQL function duban_light (used by every task query) must agree with lightFor() (used by the web). */
describe('traffic light: SQL and TypeScript agree', () => {
  let client: Client;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await cloneDatabase();
    drop = database.drop;
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await drop();
  });

  it('on a grid of deadlines, progress values and completion states', async () => {
    const start = '2023-03-01';
    const cases: SignalInput[] = [];
    for (const deadlineOffset of [null, -5, 0, 3, 7, 8, 30, 120])
      for (const progress of [0, 25, 60, 100])
        for (const completed of [false, true])
          cases.push({
            startDate: start,
            deadline: deadlineOffset === null ? null : addDays('2023-05-01', deadlineOffset),
            progress,
            completed,
          });
    const options = { today: '2023-05-01', dueSoonDays: 7, behindThreshold: 30 };
    const { rows } = await client.query(
      `SELECT duban_light(c.deadline::date, c.start_date::date, c.progress::int, c.completed::boolean, $2::date, $3::int, $4::int) AS light
         FROM jsonb_to_recordset($1::jsonb) AS c(deadline text, start_date text, progress int, completed boolean)`,
      [
        JSON.stringify(
          cases.map((c) => ({
            deadline: c.deadline,
            start_date: c.startDate,
            progress: c.progress,
            completed: c.completed,
          })),
        ),
        options.today,
        options.dueSoonDays,
        options.behindThreshold,
      ],
    );
    expect(rows.map((row) => row.light)).toEqual(cases.map((c) => lightFor(c, options)));
    expect(new Set(rows.map((row) => row.light))).toEqual(new Set(['green', 'yellow', 'red']));
  });
});

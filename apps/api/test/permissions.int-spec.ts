import { publishSample, type PublishedSample } from './support/published';
import { createTestApp, type TestApp } from './support/test-app';

type Who = 'admin' | 'supervisor' | 'otherSupervisor' | 'leader' | 'ownUnit' | 'otherUnit';
const USERNAMES: Record<Who, string> = {
  admin: 'admin',
  supervisor: 'supervisor',
  otherSupervisor: 'other_supervisor',
  leader: 'leader',
  ownUnit: 'approval',
  otherUnit: 'market',
};
/** 'ok' means any 2xx. */
type Outcome = 'ok' | 403 | 404;

interface Route {
  name: string;
  call: (t: TestApp, s: PublishedSample, headers: Record<string, string>) => Promise<{ status: number }>;
  expect: Record<Who, Outcome>;
  /** Rows a refused call must not change. */
  state?: (t: TestApp, s: PublishedSample) => Promise<unknown>;
}

// Task 2 of the sample: 财政局 leads, 审批局 (ownUnit) is responsible, 市场监管局 (otherUnit) has no part.
const TASK = 1;

const ROUTES: Route[] = [
  {
    name: 'GET /tasks/:id',
    call: (t, s, h) => t.http().get(`/api/v1/tasks/${s.taskIds[TASK]}`).set(h),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 404,
      leader: 'ok',
      ownUnit: 'ok',
      otherUnit: 404,
    },
  },
  {
    name: 'PATCH /tasks/:id',
    call: async (t, s, h) => {
      const [{ version }] = await t.dataSource.query('SELECT version FROM task WHERE id = $1', [
        s.taskIds[TASK],
      ]);
      return t
        .http()
        .patch(`/api/v1/tasks/${s.taskIds[TASK]}`)
        .set(h)
        .send({ description: '调整说明', version });
    },
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 404,
      leader: 403,
      ownUnit: 403,
      otherUnit: 403,
    },
    state: (t, s) =>
      t.dataSource.query('SELECT title, description FROM task WHERE id = $1', [s.taskIds[TASK]]),
  },
  {
    name: 'POST /tasks/:id/comments',
    call: (t, s, h) =>
      t.http().post(`/api/v1/tasks/${s.taskIds[TASK]}/comments`).set(h).send({ content: '请加快进度' }),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 404,
      leader: 'ok',
      ownUnit: 403,
      otherUnit: 403,
    },
    state: (t) => t.dataSource.query('SELECT count(*)::int FROM task_comment'),
  },
  {
    name: 'POST /tasks (ad hoc)',
    call: (t, _s, h) =>
      t
        .http()
        .post('/api/v1/tasks')
        .set(h)
        .send({ title: '领导批示事项', deadline: '2023-12-31', leadUnitIds: [t.fixture.units.finance.id] }),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 403,
      leader: 403,
      ownUnit: 403,
      otherUnit: 403,
    },
    state: (t) => t.dataSource.query('SELECT count(*)::int FROM task'),
  },
  {
    name: 'POST /assignments/:id/accept (ownUnit last)',
    call: async (t, s, h) =>
      t
        .http()
        .post(`/api/v1/assignments/${(await s.assignment(TASK, t.fixture.units.approval.id)).id}/accept`)
        .set(h),
    expect: { admin: 403, supervisor: 403, otherSupervisor: 403, leader: 403, otherUnit: 404, ownUnit: 'ok' },
    state: (t, s) => s.assignment(TASK, t.fixture.units.approval.id),
  },
  {
    name: 'POST /assignments/:id/reports',
    call: async (t, s, h) =>
      t
        .http()
        .post(`/api/v1/assignments/${(await s.assignment(TASK, t.fixture.units.approval.id)).id}/reports`)
        .set(h)
        .send({ content: '进展顺利', progress: 20 }),
    expect: { admin: 403, supervisor: 403, otherSupervisor: 403, leader: 403, otherUnit: 404, ownUnit: 'ok' },
    state: (t) => t.dataSource.query('SELECT count(*)::int FROM progress_report'),
  },
  {
    name: 'GET /assignments/mine',
    call: (t, _s, h) => t.http().get('/api/v1/assignments/mine').set(h),
    expect: {
      admin: 'ok',
      supervisor: 403,
      otherSupervisor: 403,
      leader: 403,
      ownUnit: 'ok',
      otherUnit: 'ok',
    },
  },
  {
    name: 'GET /stats/overview',
    call: (t, _s, h) => t.http().get('/api/v1/stats/overview').set(h),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 'ok',
      leader: 'ok',
      ownUnit: 403,
      otherUnit: 403,
    },
  },
  {
    name: 'GET /exports/tasks.xlsx',
    call: (t, _s, h) => t.http().get('/api/v1/exports/tasks.xlsx').set(h),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 'ok',
      leader: 'ok',
      ownUnit: 403,
      otherUnit: 403,
    },
  },
  {
    name: 'GET /audit',
    call: (t, _s, h) => t.http().get('/api/v1/audit').set(h),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 'ok',
      leader: 403,
      ownUnit: 403,
      otherUnit: 403,
    },
  },
  {
    name: 'GET /documents',
    call: (t, _s, h) => t.http().get('/api/v1/documents').set(h),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 'ok',
      leader: 'ok',
      ownUnit: 403,
      otherUnit: 403,
    },
  },
  {
    name: 'POST /documents/:id/publish',
    call: (t, s, h) => t.http().post(`/api/v1/documents/${s.documentId}/publish`).set(h).send({}),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 'ok',
      leader: 403,
      ownUnit: 403,
      otherUnit: 403,
    },
  },
  {
    name: 'POST /units',
    call: (t, _s, h) =>
      t
        .http()
        .post('/api/v1/units')
        .set(h)
        .send({ name: `临时单位${Math.random().toString(36).slice(2, 8)}` }),
    expect: {
      admin: 'ok',
      supervisor: 'ok',
      otherSupervisor: 'ok',
      leader: 403,
      ownUnit: 403,
      otherUnit: 403,
    },
    state: (t) => t.dataSource.query('SELECT count(*)::int FROM unit'),
  },
  {
    name: 'GET /users',
    call: (t, _s, h) => t.http().get('/api/v1/users').set(h),
    expect: { admin: 'ok', supervisor: 403, otherSupervisor: 403, leader: 403, ownUnit: 403, otherUnit: 403 },
  },
];

describe('permission matrix: every route × every role × own/other unit', () => {
  let t: TestApp;
  let sample: PublishedSample;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(t);
  });
  afterAll(() => t.close());

  for (const route of ROUTES) {
    it(route.name, async () => {
      const observed: Partial<Record<Who, Outcome | number>> = {};
      for (const who of Object.keys(route.expect) as Who[]) {
        const headers = await t.login(USERNAMES[who]);
        const before = route.state && (await route.state(t, sample));
        const { status } = await route.call(t, sample, headers);
        observed[who] = status >= 200 && status < 300 ? 'ok' : status;
        if (route.state && observed[who] !== 'ok')
          expect([who, await route.state(t, sample)]).toEqual([who, before]);
      }
      expect(observed).toEqual(route.expect);
    });
  }
});

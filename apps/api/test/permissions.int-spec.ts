import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_REMINDER_RULES } from '@duban/contracts';
import type { Test } from 'supertest';
import { publishSample, type PublishedSample } from './support/published';
import { SAMPLE_POLICY_TEXT } from './support/sample-document';
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
const CALLERS = Object.keys(USERNAMES) as Who[];
/** 'ok' means any 2xx. */
type Outcome = 'ok' | 403 | 404;
type Outcomes = Record<Who, Outcome>;

/** The row's method and path with its `:params` filled in, carrying the caller's token. */
type Request = (params?: Record<string, string>) => Test;

/**
 * A row of the matrix, named `METHOD path` as mounted under /api; `call` can only reach that route.
 *
 * Without `prepare` every caller targets the one published sample: enough for reads and for writes
 * that can be repeated. A lifecycle route needs its object in a given state (a pending assignment,
 * a submitted report…), and a successful call moves it on; so `prepare` makes a fresh object in that
 * state before each caller. Every caller then meets the same situation, whatever the order.
 */
interface Route<T> {
  name: string;
  prepare?: (t: TestApp, s: PublishedSample) => Promise<T>;
  call: (
    request: Request,
    target: T,
    context: { t: TestApp; username: string },
  ) => PromiseLike<{ status: number }>;
  expect: Outcomes;
  /** Rows a refused call must not change. */
  state?: (t: TestApp, target: T) => Promise<unknown>;
  /** Why a successful POST/PUT/PATCH/DELETE here leaves no audit row: it changes no supervision data. */
  unaudited?: string;
}

// Rows differ in their target's type; the runner only passes each row's own target back to it.
const route = <T = PublishedSample>(row: Route<T>) => row as unknown as Route<unknown>;

// Task 2 of the sample: 财政局 leads, 审批局 (ownUnit) is responsible, 市场监管局 (otherUnit) has no part.
const TASK = 1;

// The recurring patterns of the product rules; rows with their own pattern spell it out.
const ANYONE: Outcomes = {
  admin: 'ok',
  supervisor: 'ok',
  otherSupervisor: 'ok',
  leader: 'ok',
  ownUnit: 'ok',
  otherUnit: 'ok',
};
const ADMIN_ONLY: Outcomes = {
  admin: 'ok',
  supervisor: 403,
  otherSupervisor: 403,
  leader: 403,
  ownUnit: 403,
  otherUnit: 403,
};
/** Overviews for supervisors and leaders, each computed over the caller's own jurisdiction. */
const OVERSIGHT: Outcomes = { ...ANYONE, ownUnit: 403, otherUnit: 403 };
/** Supervisor work that belongs to no city's object (importing, resolving names, the sweep, the log). */
const SUPERVISORS: Outcomes = { ...OVERSIGHT, leader: 403 };
/** A supervisor's act on this city's object: the other city's supervisor cannot see it. */
const SUPERVISE: Outcomes = { ...SUPERVISORS, otherSupervisor: 404 };
/** Seeing this city's task: supervisors and leaders by jurisdiction, units by an assignment on it. */
const SEE_TASK: Outcomes = { ...ANYONE, otherSupervisor: 404, otherUnit: 404 };
/** A unit's move on its own assignment: admin has no unit, other roles lack the permission (403). */
const UNIT_MOVE: Outcomes = { ...ADMIN_ONLY, admin: 403, ownUnit: 'ok', otherUnit: 404 };

let serial = 0;
/** Names of units and users are unique. */
const fresh = (name: string) => `${name}${++serial}`;

/** POSTs as a fixture user to set something up; anything but 2xx fails the test. */
async function post(t: TestApp, username: string, path: string, body: object = {}) {
  const response = await t
    .http()
    .post(`/api/v1${path}`)
    .set(await t.login(username))
    .send(body);
  if (response.status >= 300)
    throw new Error(`POST ${path} as ${username}: ${response.status} ${response.text}`);
  return response.body;
}

function requestFor(t: TestApp, name: string, headers: Record<string, string>): Request {
  const [method, path] = name.split(' ');
  return (params = {}) => {
    const url = path.replace(/:(\w+)/g, (_, key: string) => {
      if (!params[key]) throw new Error(`${name}: no value for :${key}`);
      return params[key];
    });
    return t
      .http()
      [method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](`/api${url}`)
      .set(headers);
  };
}

const query = (t: TestApp, sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
const auditCount = async (t: TestApp): Promise<number> =>
  (await query(t, 'SELECT count(*)::int AS n FROM audit_entry'))[0].n;
const assignmentRow = (t: TestApp, id: string) =>
  query(t, 'SELECT status, progress, deadline, version FROM assignment WHERE id = $1', [id]);

// Fresh objects for lifecycle rows. Each ad hoc task has 审批局 (ownUnit) as its only unit.
async function pendingAssignment(t: TestApp): Promise<string> {
  const task = await post(t, 'supervisor', '/tasks', {
    title: fresh('专项督办事项'),
    deadline: '2023-12-31',
    leadUnitIds: [t.fixture.units.approval.id],
  });
  return task.assignments[0].id;
}
async function acceptedAssignment(t: TestApp): Promise<string> {
  const id = await pendingAssignment(t);
  await post(t, 'approval', `/assignments/${id}/accept`);
  return id;
}
async function returnedAssignment(t: TestApp): Promise<string> {
  const id = await pendingAssignment(t);
  await post(t, 'approval', `/assignments/${id}/return`, { reason: '不属于本单位职责' });
  return id;
}
async function completionRequested(t: TestApp): Promise<string> {
  const id = await acceptedAssignment(t);
  await post(t, 'approval', `/assignments/${id}/completion-request`, { summary: '已全部完成' });
  return id;
}
async function submittedReport(t: TestApp): Promise<string> {
  const id = await acceptedAssignment(t);
  return (await post(t, 'approval', `/assignments/${id}/reports`, { content: '进展顺利', progress: 30 })).id;
}
async function pendingExtension(t: TestApp): Promise<string> {
  const id = await pendingAssignment(t);
  return (
    await post(t, 'approval', `/assignments/${id}/extension-requests`, {
      requestedDeadline: '2024-03-31',
      reason: '需协调多部门',
    })
  ).id;
}
/** An attachment bound to a report of 审批局 (uploaded by its clerk). */
async function evidence(t: TestApp): Promise<string> {
  const id = await acceptedAssignment(t);
  const upload = await t
    .http()
    .post('/api/v1/attachments')
    .set(await t.login('approval'))
    .attach('file', Buffer.from('%PDF-1.4 evidence'), '佐证材料.pdf')
    .expect(201);
  await post(t, 'approval', `/assignments/${id}/reports`, {
    content: '附佐证材料',
    progress: 50,
    attachments: [upload.body.id],
  });
  return upload.body.id;
}
/** A draft of the sample notice, imported by this city's supervisor. */
async function draft(t: TestApp): Promise<{ documentId: string; measureId: string; measureIds: string[] }> {
  const [document] = (await post(t, 'supervisor', '/documents/import', { text: SAMPLE_POLICY_TEXT }))
    .documents;
  const measureIds = (document.measures as { id: string }[]).map((m) => m.id);
  return { documentId: document.id, measureId: measureIds[0], measureIds };
}

const ROUTES: Route<unknown>[] = [
  // Health and auth
  route({ name: 'GET /health', call: (request) => request(), expect: ANYONE }),
  route({
    name: 'POST /v1/auth/login',
    // Login allows 10 attempts a minute per client address; give each its own (the app trusts loopback proxies).
    call: (request, _s, { t, username }) =>
      request()
        .set('X-Forwarded-For', `192.0.2.${++serial % 250}`)
        .send({ username, password: t.fixture.password }),
    expect: ANYONE,
    unaudited: 'signing in changes nothing',
  }),
  route({ name: 'GET /v1/auth/me', call: (request) => request(), expect: ANYONE }),
  route({
    name: 'POST /v1/auth/refresh',
    call: async (request, _s, { t, username }) => {
      const { body } = await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', `192.0.2.${++serial % 250}`)
        .send({ username, password: t.fixture.password });
      return request().send({ refreshToken: body.refreshToken });
    },
    expect: ANYONE,
    unaudited: 'renewing a token changes nothing',
  }),
  route({
    // Logout ends every session of its user: sign out a throwaway copy, not the caller the matrix reuses.
    name: 'POST /v1/auth/logout',
    prepare: async (t) => {
      const username = `logout_${++serial}`;
      await t.dataSource.query(
        `INSERT INTO app_user (username, display_name, password_hash, roles)
         SELECT $1, $1, password_hash, roles FROM app_user WHERE username = 'leader'`,
        [username],
      );
      return username;
    },
    call: async (request, throwaway, { t }) => {
      const { body } = await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', `192.0.2.${++serial % 250}`)
        .send({ username: throwaway, password: t.fixture.password });
      return request().set('Authorization', `Bearer ${body.accessToken}`).send({});
    },
    expect: ANYONE,
    unaudited: 'signing out changes no supervision data',
  }),

  // Directory
  route({ name: 'GET /v1/units', call: (request) => request(), expect: ANYONE }),
  route({
    name: 'POST /v1/units',
    call: (request, _s, { t }) =>
      request().send({ name: fresh('测试市临时单位'), parentId: t.fixture.units.city.id }),
    // Units are everyone's to read, so a unit outside the caller's jurisdiction is refused, not hidden.
    expect: { ...SUPERVISORS, otherSupervisor: 403 },
    state: (t) => query(t, 'SELECT count(*)::int AS n FROM unit'),
  }),
  route({
    name: 'PATCH /v1/units/:id',
    call: (request, _s, { t }) => request({ id: t.fixture.units.office.id }).send({ aliases: ['市督查室'] }),
    expect: { ...SUPERVISORS, otherSupervisor: 403 },
    state: (t) =>
      query(t, 'SELECT name, aliases, parent_id, version FROM unit WHERE id = $1', [
        t.fixture.units.office.id,
      ]),
  }),
  route({
    name: 'POST /v1/units/resolve',
    call: (request) => request().send({ names: ['市审批局', '市监局'], region: '测试市' }),
    expect: SUPERVISORS,
    unaudited: 'read-only: it only answers which units the names match',
  }),
  route({
    name: 'POST /v1/units/import',
    call: (request) =>
      request().attach(
        'file',
        Buffer.from(`名称,上级单位\n${fresh('测试市档案局')},测试市人民政府\n`),
        'units.csv',
      ),
    expect: ADMIN_ONLY,
    state: (t) => query(t, 'SELECT count(*)::int AS n FROM unit'),
  }),
  route({ name: 'GET /v1/users', call: (request) => request(), expect: ADMIN_ONLY }),
  route({
    name: 'POST /v1/users',
    call: (request, _s, { t }) =>
      request().send({
        username: fresh('clerk'),
        displayName: '新承办人',
        unitId: t.fixture.units.approval.id,
        roles: ['unit'],
        password: 'clerk-pass-1',
      }),
    expect: ADMIN_ONLY,
    state: (t) => query(t, 'SELECT count(*)::int AS n FROM app_user'),
  }),
  route({
    name: 'PATCH /v1/users/:id',
    call: (request, _s, { t }) =>
      request({ id: t.fixture.users.marketHead.id }).send({ displayName: '市场监管局负责人' }),
    expect: ADMIN_ONLY,
    state: (t) =>
      query(t, 'SELECT display_name, roles, version FROM app_user WHERE id = $1', [
        t.fixture.users.marketHead.id,
      ]),
  }),

  // Documents and measures. The sample is this city's notice (测试市): the other city's supervisor may
  // use the import and the list routes, but not read, edit or publish it.
  route({
    name: 'POST /v1/documents/import',
    call: (request) => request().send({ text: SAMPLE_POLICY_TEXT }),
    expect: SUPERVISORS,
    state: (t) => query(t, 'SELECT count(*)::int AS n FROM policy_document'),
  }),
  route({
    name: 'GET /v1/documents/import-jobs/:jobId',
    // A text above the threshold is queued (the import trims whitespace, so the padding is not blank);
    // this api instance runs no worker, so the job waits.
    prepare: async (t) =>
      (
        await post(t, 'supervisor', '/documents/import', {
          text: SAMPLE_POLICY_TEXT.padEnd(t.config.importAsyncThresholdBytes + 1, '。'),
        })
      ).jobId as string,
    call: (request, jobId) => request({ jobId }),
    expect: SUPERVISE,
  }),
  route({ name: 'GET /v1/documents', call: (request) => request(), expect: OVERSIGHT }),
  route({
    name: 'GET /v1/documents/:id',
    call: (request, s) => request({ id: s.documentId }),
    expect: { ...OVERSIGHT, otherSupervisor: 404 },
  }),
  route({
    name: 'PATCH /v1/documents/:id/measures/:measureId',
    prepare: draft,
    call: (request, { documentId, measureId }) =>
      request({ id: documentId, measureId }).send({ title: '深化审批制度改革（修订）' }),
    expect: SUPERVISE,
    state: (t, { measureId }) => query(t, 'SELECT title, version FROM measure WHERE id = $1', [measureId]),
  }),
  route({
    name: 'DELETE /v1/documents/:id',
    prepare: draft,
    call: (request, { documentId }) => request({ id: documentId }),
    expect: SUPERVISE,
    state: (t, { documentId }) =>
      query(t, 'SELECT count(*)::int AS n FROM policy_document WHERE id = $1', [documentId]),
  }),
  route({
    name: 'POST /v1/documents/:id/withdraw',
    prepare: async (t) => {
      const { documentId } = await draft(t);
      await post(t, 'supervisor', `/documents/${documentId}/publish`, {
        createMissingUnits: true,
        confirmDuplicate: true,
      });
      return documentId;
    },
    call: (request, documentId) => request({ id: documentId }).send({ reason: '文件已废止' }),
    expect: SUPERVISE,
    state: (t, documentId) =>
      query(t, 'SELECT status FROM task WHERE document_id = $1 ORDER BY code', [documentId]),
  }),
  route({
    name: 'POST /v1/documents/:id/measures',
    prepare: draft,
    call: (request, { documentId, measureId }) =>
      request({ id: documentId }).send({ afterMeasureId: measureId, title: '补充措施：建立督办台账' }),
    expect: SUPERVISE,
    state: (t, { documentId }) =>
      query(t, 'SELECT count(*)::int AS n FROM measure WHERE document_id = $1', [documentId]),
  }),
  route({
    name: 'POST /v1/documents/:id/measures/:measureId/split',
    prepare: draft,
    call: (request, { documentId, measureId }) =>
      request({ id: documentId, measureId }).send({ at: 4, secondTitle: '拆出的措施' }),
    expect: SUPERVISE,
    state: (t, { documentId }) =>
      query(t, 'SELECT count(*)::int AS n FROM measure WHERE document_id = $1', [documentId]),
  }),
  route({
    name: 'POST /v1/documents/:id/measures/merge',
    prepare: draft,
    call: (request, { documentId, measureIds }) =>
      request({ id: documentId }).send({ measureIds: measureIds.slice(0, 2) }),
    expect: SUPERVISE,
    state: (t, { documentId }) =>
      query(t, 'SELECT count(*)::int AS n FROM measure WHERE document_id = $1', [documentId]),
  }),
  route({
    name: 'DELETE /v1/documents/:id/measures/:measureId',
    prepare: draft,
    call: (request, { documentId, measureId }) => request({ id: documentId, measureId }),
    expect: SUPERVISE,
    state: (t, { documentId }) =>
      query(t, 'SELECT count(*)::int AS n FROM measure WHERE document_id = $1', [documentId]),
  }),
  route({
    name: 'POST /v1/documents/:id/publish',
    prepare: draft,
    // Each caller publishes its own copy of the one sample notice: a second copy on purpose.
    call: (request, { documentId }) =>
      request({ id: documentId }).send({ createMissingUnits: true, confirmDuplicate: true }),
    expect: SUPERVISE,
    state: (t, { documentId }) =>
      query(
        t,
        'SELECT status, (SELECT count(*)::int FROM task WHERE document_id = $1) AS tasks FROM policy_document WHERE id = $1',
        [documentId],
      ),
  }),

  // Tasks
  route({ name: 'GET /v1/tasks', call: (request) => request(), expect: ANYONE }),
  route({
    name: 'GET /v1/tasks/:id',
    call: (request, s) => request({ id: s.taskIds[TASK] }),
    expect: SEE_TASK,
  }),
  route({
    name: 'POST /v1/tasks',
    // 财政局 lies outside the other city's jurisdiction.
    call: (request, _s, { t }) =>
      request().send({
        title: '领导批示事项',
        deadline: '2023-12-31',
        leadUnitIds: [t.fixture.units.finance.id],
      }),
    expect: { ...SUPERVISORS, otherSupervisor: 403 },
    state: (t) => query(t, 'SELECT count(*)::int AS n FROM task'),
  }),
  route({
    name: 'PATCH /v1/tasks/:id',
    call: async (request, s, { t }) => {
      const [{ version }] = await query(t, 'SELECT version FROM task WHERE id = $1', [s.taskIds[TASK]]);
      return request({ id: s.taskIds[TASK] }).send({ description: '调整说明', version });
    },
    expect: SUPERVISE,
    state: (t, s) =>
      query(t, 'SELECT title, description, version FROM task WHERE id = $1', [s.taskIds[TASK]]),
  }),
  route({
    name: 'POST /v1/tasks/:id/cancel',
    prepare: async (t) =>
      (
        await post(t, 'supervisor', '/tasks', {
          title: '临时交办事项',
          deadline: '2023-12-31',
          leadUnitIds: [t.fixture.units.approval.id],
        })
      ).id as string,
    call: (request, taskId) => request({ id: taskId }).send({ reason: '工作调整，不再办理' }),
    expect: SUPERVISE,
    state: (t, taskId) => query(t, 'SELECT status, version FROM task WHERE id = $1', [taskId]),
  }),
  route({
    name: 'GET /v1/inbox/counts',
    call: (request) => request(),
    expect: SUPERVISORS,
  }),
  route({
    name: 'GET /v1/inbox',
    call: (request) => request().query({ kind: 'reports' }),
    expect: SUPERVISORS,
  }),
  route({
    name: 'POST /v1/tasks/:id/urge',
    call: (request, s) => request({ id: s.taskIds[TASK] }).send({ message: '请抓紧办理' }),
    expect: SUPERVISE,
    state: (t, s) =>
      query(t, 'SELECT count(*)::int AS n FROM reminder WHERE task_id = $1', [s.taskIds[TASK]]),
  }),
  route({
    name: 'POST /v1/tasks/:id/comments',
    call: (request, s) => request({ id: s.taskIds[TASK] }).send({ content: '请加快进度' }),
    // A leader's 批示 is the one thing a leader writes.
    expect: { ...SUPERVISE, leader: 'ok' },
    state: (t) => query(t, 'SELECT count(*)::int AS n FROM task_comment'),
  }),

  // Assignments: the unit's moves, then the supervisor's decisions
  route({
    name: 'GET /v1/assignments/mine',
    call: (request) => request(),
    expect: { ...ADMIN_ONLY, ownUnit: 'ok', otherUnit: 'ok' },
  }),
  route({
    name: 'POST /v1/assignments/:id/accept',
    prepare: pendingAssignment,
    call: (request, id) => request({ id }),
    expect: UNIT_MOVE,
    state: assignmentRow,
  }),
  route({
    name: 'POST /v1/assignments/:id/return',
    prepare: pendingAssignment,
    call: (request, id) => request({ id }).send({ reason: '不属于本单位职责' }),
    expect: UNIT_MOVE,
    state: assignmentRow,
  }),
  route({
    name: 'POST /v1/assignments/:id/reports',
    prepare: acceptedAssignment,
    call: (request, id) => request({ id }).send({ content: '进展顺利', progress: 20 }),
    expect: UNIT_MOVE,
    state: (t, id) =>
      query(t, 'SELECT count(*)::int AS n FROM progress_report WHERE assignment_id = $1', [id]),
  }),
  route({
    name: 'POST /v1/assignments/:id/extension-requests',
    prepare: pendingAssignment,
    call: (request, id) => request({ id }).send({ requestedDeadline: '2024-03-31', reason: '需协调多部门' }),
    expect: UNIT_MOVE,
    state: (t, id) =>
      query(t, 'SELECT count(*)::int AS n FROM extension_request WHERE assignment_id = $1', [id]),
  }),
  route({
    name: 'POST /v1/assignments/:id/completion-request',
    prepare: acceptedAssignment,
    call: (request, id) => request({ id }).send({ summary: '已全部完成' }),
    expect: UNIT_MOVE,
    state: assignmentRow,
  }),
  route({
    name: 'POST /v1/assignments/:id/reassign',
    prepare: returnedAssignment,
    call: (request, id, { t }) => request({ id }).send({ unitId: t.fixture.units.finance.id }),
    expect: SUPERVISE,
    state: (t, id) =>
      query(
        t,
        'SELECT count(*)::int AS n FROM assignment WHERE task_id = (SELECT task_id FROM assignment WHERE id = $1)',
        [id],
      ),
  }),
  route({
    name: 'POST /v1/reports/:id/review',
    prepare: submittedReport,
    call: (request, id) => request({ id }).send({ decision: 'approve' }),
    expect: SUPERVISE,
    state: (t, id) => query(t, 'SELECT status, version FROM progress_report WHERE id = $1', [id]),
  }),
  route({
    name: 'POST /v1/extension-requests/:id/decide',
    prepare: pendingExtension,
    call: (request, id) => request({ id }).send({ decision: 'approve' }),
    expect: SUPERVISE,
    state: (t, id) =>
      query(
        t,
        'SELECT e.status, a.deadline FROM extension_request e JOIN assignment a ON a.id = e.assignment_id WHERE e.id = $1',
        [id],
      ),
  }),
  route({
    name: 'POST /v1/assignments/:id/complete',
    prepare: completionRequested,
    call: (request, id) => request({ id }).send({ decision: 'approve' }),
    expect: SUPERVISE,
    state: assignmentRow,
  }),

  // Attachments
  route({
    name: 'POST /v1/attachments',
    // Only unit users (and admin, who holds every permission) upload evidence; it belongs to no one else yet.
    call: (request) => request().attach('file', Buffer.from('%PDF-1.4 evidence'), '佐证材料.pdf'),
    expect: { ...UNIT_MOVE, admin: 'ok', otherUnit: 'ok' },
    state: (t) => query(t, 'SELECT count(*)::int AS n FROM attachment'),
  }),
  route({
    name: 'GET /v1/attachments/:id',
    prepare: evidence,
    call: (request, id) => request({ id }),
    expect: SEE_TASK,
  }),

  // Notifications: each user's own inbox
  route({ name: 'GET /v1/notifications', call: (request) => request(), expect: ANYONE }),
  route({
    name: 'POST /v1/notifications/read-all',
    call: (request) => request(),
    expect: ANYONE,
    unaudited: 'a read mark is the reader’s own inbox state',
  }),
  route({
    name: 'POST /v1/notifications/:id/read',
    prepare: async (t) =>
      (
        await query(
          t,
          `INSERT INTO notification (user_id, kind, title, body) VALUES ($1, 'urge', '催办', '请抓紧办理') RETURNING id`,
          [t.fixture.users.approvalClerk.id],
        )
      )[0].id as string,
    call: (request, id) => request({ id }),
    // Only its owner, 审批局's clerk, may mark it; to anyone else it does not exist.
    expect: { admin: 404, supervisor: 404, otherSupervisor: 404, leader: 404, ownUnit: 'ok', otherUnit: 404 },
    state: (t, id) => query(t, 'SELECT read_at FROM notification WHERE id = $1', [id]),
    unaudited: 'a read mark is the reader’s own inbox state',
  }),

  // Reminders
  route({ name: 'GET /v1/reminders', call: (request) => request(), expect: SUPERVISORS }),
  route({ name: 'GET /v1/reminders/rules', call: (request) => request(), expect: SUPERVISORS }),
  route({
    name: 'PUT /v1/reminders/rules',
    call: (request) => request().send({ ...DEFAULT_REMINDER_RULES, digestThreshold: 5 }),
    expect: ADMIN_ONLY,
    state: (t) => query(t, `SELECT value FROM app_setting WHERE key = 'reminder_rules'`),
  }),
  route({
    name: 'POST /v1/reminders/sweep',
    call: (request) => request(),
    expect: SUPERVISORS,
    unaudited: 'the scheduler’s own run; the reminder ledger records what it sent',
  }),
  route({
    name: 'POST /v1/reminders/:id/retry',
    // A reminder of this city's task whose delivery failed.
    prepare: async (t, s) => {
      await post(t, 'supervisor', `/tasks/${s.taskIds[TASK]}/urge`, { message: '请抓紧办理' });
      const [[row]] = await query(
        t,
        `UPDATE reminder SET status = 'failed' WHERE id = (SELECT id FROM reminder WHERE task_id = $1 AND status = 'pending' ORDER BY created_at DESC LIMIT 1) RETURNING id`,
        [s.taskIds[TASK]],
      );
      return row.id as string;
    },
    call: (request, id) => request({ id }),
    expect: SUPERVISE,
    state: (t, id) => query(t, 'SELECT status, attempts FROM reminder WHERE id = $1', [id]),
    unaudited: 'it only re-sends a delivery; the reminder ledger records each attempt',
  }),
  route({ name: 'GET /admin/queues', call: (request) => request(), expect: ADMIN_ONLY }),

  // Working calendar
  route({ name: 'GET /v1/calendar', call: (request) => request().query({ year: 2023 }), expect: ADMIN_ONLY }),
  route({
    name: 'PUT /v1/calendar/days/:date',
    call: (request) => request({ date: '2023-12-30' }).send({ isWorkingDay: true, note: '调休上班' }),
    expect: ADMIN_ONLY,
    state: (t) => query(t, `SELECT is_working_day, note FROM calendar_day WHERE date = '2023-12-30'`),
  }),
  route({
    name: 'DELETE /v1/calendar/days/:date',
    prepare: async (t) => {
      await query(
        t,
        `INSERT INTO calendar_day (date, is_working_day, note) VALUES ('2023-12-29', false, '临时调整')
         ON CONFLICT (date) DO NOTHING`,
      );
      return '2023-12-29';
    },
    call: (request, date) => request({ date }),
    expect: ADMIN_ONLY,
    state: (t, date) => query(t, 'SELECT is_working_day, note FROM calendar_day WHERE date = $1', [date]),
  }),

  // Statistics, exports, audit
  route({ name: 'GET /v1/stats/overview', call: (request) => request(), expect: OVERSIGHT }),
  route({ name: 'GET /v1/stats/units', call: (request) => request(), expect: OVERSIGHT }),
  route({ name: 'GET /v1/stats/documents', call: (request) => request(), expect: OVERSIGHT }),
  route({ name: 'GET /v1/stats/trend', call: (request) => request(), expect: OVERSIGHT }),
  route({ name: 'GET /v1/stats/cockpit', call: (request) => request(), expect: OVERSIGHT }),
  route({ name: 'GET /v1/exports/tasks.xlsx', call: (request) => request(), expect: OVERSIGHT }),
  route({ name: 'GET /v1/audit', call: (request) => request(), expect: SUPERVISORS }),
  route({ name: 'GET /v1/audit/actors', call: (request) => request(), expect: SUPERVISORS }),
];

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const QUEUE_BOARD = 'GET /admin/queues';

describe('permission matrix: every route × every role × own/other unit', () => {
  let t: TestApp;
  let sample: PublishedSample;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    sample = await publishSample(t);
  });
  afterAll(() => t.close());

  it('has a row for every route the api serves', async () => {
    // The OpenAPI document lists every controller route; the bull-board is mounted beside Nest.
    const { body } = await t.http().get('/api/docs-json').expect(200);
    const served = Object.entries(body.paths as Record<string, object>).flatMap(([path, operations]) =>
      Object.keys(operations).map(
        (method) => `${method.toUpperCase()} ${path.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    expect(ROUTES.map((row) => row.name).sort()).toEqual([...served, QUEUE_BOARD].sort());
  });

  it("keeps lists to the caller's jurisdiction: another city's supervisor sees none of this city's rows", async () => {
    // A reminder to this city's clerk, so the ledger has a row to hide.
    await post(t, 'supervisor', `/tasks/${sample.taskIds[0]}/urge`, { message: '请尽快办理' });
    const list = async (username: string, path: string) =>
      (
        await t
          .http()
          .get(path)
          .set(await t.login(username))
          .expect(200)
      ).body.total as number;
    for (const path of ['/api/v1/documents', '/api/v1/reminders', '/api/v1/audit', '/api/v1/tasks']) {
      expect({ path, own: (await list('supervisor', path)) > 0 }).toEqual({ path, own: true });
      expect({ path, other: await list('other_supervisor', path) }).toEqual({ path, other: 0 });
    }
  });

  for (const row of ROUTES) {
    it(row.name, async () => {
      const [method] = row.name.split(' ');
      const observed = {} as Record<Who, Outcome | number>;
      const problems: string[] = [];
      for (const who of CALLERS) {
        const target = row.prepare ? await row.prepare(t, sample) : sample;
        const username = USERNAMES[who];
        const request = requestFor(t, row.name, await t.login(username));
        const stateBefore = await row.state?.(t, target);
        const auditBefore = await auditCount(t);
        const { status } = await row.call(request, target, { t, username });
        const outcome = status >= 200 && status < 300 ? 'ok' : status;
        observed[who] = outcome;
        const audited = (await auditCount(t)) - auditBefore;
        if (outcome !== 'ok') {
          if (audited) problems.push(`${who}: refused with ${status} but wrote ${audited} audit rows`);
          const stateAfter = await row.state?.(t, target);
          if (!isDeepStrictEqual(stateAfter, stateBefore))
            problems.push(
              `${who}: refused with ${status} but changed ${JSON.stringify(stateBefore)} to ${JSON.stringify(stateAfter)}`,
            );
        } else if (MUTATING.has(method) && !row.unaudited && !audited) {
          problems.push(`${who}: succeeded but wrote no audit row`);
        }
      }
      expect({ outcomes: observed, problems }).toEqual({ outcomes: row.expect, problems: [] });
    });
  }
});

describe('a task shared across jurisdictions', () => {
  // The city's task names a city bureau and a county; the county's own supervisor oversees only the county.
  let t: TestApp;
  let taskId: string;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2023-03-10T02:00:00Z') });
    for (const [username, displayName, role] of [
      ['county_supervisor', '甲县督查室', 'supervisor'],
      ['county_clerk', '甲县承办人', 'unit'],
    ]) {
      await query(
        t,
        `INSERT INTO app_user (username, display_name, password_hash, unit_id, roles)
         SELECT $1, $2, password_hash, $3, ARRAY[$4] FROM app_user WHERE username = 'supervisor'`,
        [username, displayName, t.fixture.units.countyA.id, role],
      );
    }
    const { approval, market, countyA } = t.fixture.units;
    const task = await post(t, 'supervisor', '/tasks', {
      title: '跨层级协同事项',
      deadline: '2023-12-31',
      leadUnitIds: [approval.id],
      responsibleUnitIds: [market.id, countyA.id],
    });
    taskId = task.id;
    const assignmentOf = (unitId: string) =>
      task.assignments.find((a: { unitId: string }) => a.unitId === unitId).id;
    await post(t, 'approval', `/assignments/${assignmentOf(approval.id)}/accept`);
    const upload = await t
      .http()
      .post('/api/v1/attachments')
      .set(await t.login('approval'))
      .attach('file', Buffer.from('%PDF-1.4 evidence'), '审批局佐证.pdf')
      .expect(201);
    await post(t, 'approval', `/assignments/${assignmentOf(approval.id)}/reports`, {
      content: '审批局内部进展',
      progress: 30,
      attachments: [upload.body.id],
    });
    await post(t, 'market', `/assignments/${assignmentOf(market.id)}/accept`);
    await post(t, 'market', `/assignments/${assignmentOf(market.id)}/reports`, {
      content: '市场监管局内部进展',
      progress: 20,
    });
  });
  afterAll(() => t.close());

  it("shows the county's supervisor the task but not the city bureaus' reports, evidence or history", async () => {
    const county = await t.login('county_supervisor');
    const { body } = await t.http().get(`/api/v1/tasks/${taskId}`).set(county).expect(200);
    expect(body.reports).toEqual([]);
    expect(JSON.stringify(body.history)).not.toMatch(/审批局内部进展|市场监管局内部进展/);
    const [attachment] = await query(t, `SELECT id FROM attachment WHERE file_name = '审批局佐证.pdf'`);
    await t.http().get(`/api/v1/attachments/${attachment.id}`).set(county).expect(404);
    // The city's supervisor sees all of it.
    const city = await t
      .http()
      .get(`/api/v1/tasks/${taskId}`)
      .set(await t.login('supervisor'))
      .expect(200);
    expect(city.body.reports).toHaveLength(2);
  });

  it("keeps one unit's clerk out of another unit's report text in the history", async () => {
    const { body } = await t
      .http()
      .get(`/api/v1/tasks/${taskId}`)
      .set(await t.login('approval'))
      .expect(200);
    expect(JSON.stringify(body.history)).toMatch(/审批局内部进展/);
    expect(JSON.stringify(body.history)).not.toMatch(/市场监管局内部进展/);
  });

  it("lets the county's supervisor neither change the shared task nor urge the city's bureaus", async () => {
    const county = await t.login('county_supervisor');
    const before = await query(t, 'SELECT deadline, status, version FROM task WHERE id = $1', [taskId]);
    const [{ version }] = before;
    await t
      .http()
      .patch(`/api/v1/tasks/${taskId}`)
      .set(county)
      .send({ deadline: '2024-06-30', version })
      .expect(403);
    await t
      .http()
      .patch(`/api/v1/tasks/${taskId}`)
      .set(county)
      .send({ status: 'cancelled', version })
      .expect(403);
    expect(await query(t, 'SELECT deadline, status, version FROM task WHERE id = $1', [taskId])).toEqual(
      before,
    );
    await t
      .http()
      .post(`/api/v1/tasks/${taskId}/urge`)
      .set(county)
      .send({ message: '请抓紧', unitIds: [t.fixture.units.approval.id] })
      .expect(403);
    // Urging everyone reaches the county's own assignment only.
    await t.http().post(`/api/v1/tasks/${taskId}/urge`).set(county).send({ message: '请抓紧' }).expect(200);
    const urged = await query(
      t,
      `SELECT DISTINCT a.unit_id FROM reminder r JOIN assignment a ON a.id = r.assignment_id WHERE r.task_id = $1 AND r.rule = 'urge'`,
      [taskId],
    );
    expect(urged).toEqual([{ unit_id: t.fixture.units.countyA.id }]);
  });

  it("puts the units a county supervisor's publication creates inside the county", async () => {
    const county = await t.login('county_supervisor');
    const text = [
      '甲县人民政府办公室关于印发甲县营商环境攻坚措施的通知',
      '甲政办〔2023〕5号',
      '1.推进企业开办提速。压缩开办时间。（牵头单位：县企业服务中心；完成时限：2023年底前）',
    ].join('\n');
    const imported = await t.http().post('/api/v1/documents/import').set(county).send({ text }).expect(201);
    const documentId = imported.body.documents[0].id;
    const published = await t
      .http()
      .post(`/api/v1/documents/${documentId}/publish`)
      .set(county)
      .send({ createMissingUnits: true })
      .expect(200);
    const [created] = await query(t, `SELECT parent_id FROM unit WHERE name = '县企业服务中心'`);
    expect(created).toEqual({ parent_id: t.fixture.units.countyA.id });
    await t.http().get(`/api/v1/tasks/${published.body.taskIds[0]}`).set(county).expect(200);
  });
});

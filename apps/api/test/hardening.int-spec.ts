import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { getQueueToken } from '@nestjs/bullmq';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import type { Queue } from 'bullmq';
import { AttachmentsService } from '../src/modules/attachments/attachments.service';
import { ARGON2_OPTIONS } from '../src/modules/users/password';
import { RemindersService } from '../src/modules/reminders/reminders.service';
import { QUEUE, SWEEP_SCHEDULER_ID } from '../src/queue/queues';
import { SAMPLE_POLICY_TEXT } from './support/sample-document';
import { createTestApp, flushPrefix, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const at = (date: string) => new Date(`${date}T09:00:00+08:00`);

describe('hardening: hostile input, stale tokens, throttled logins, a far-future deadline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      role: 'all',
      now: at('2025-09-29'),
      env: { REMINDER_CRON: 'off', TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES: '3' },
    });
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, address = '10.0.0.1') =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ username, password });

  it('sweeps on time although one task carries a 9999-12-31 deadline', async () => {
    const { market, approval } = t.fixture.units;
    // Written past the contracts, as rows from before the date window exist.
    await insertTask(t, '9999-12-31', market.id);
    await insertTask(t, '2025-09-30', approval.id);
    const started = Date.now();
    const report = await t.app.get(RemindersService).sweep();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.created).toBeGreaterThan(0);
  });

  it('refuses deadlines and filters outside 2000–2099, and century-long trend ranges', async () => {
    const supervisor = await t.login('supervisor');
    for (const deadline of ['9999-12-31', '0000-01-01', '1000-01-01']) {
      const response = await t
        .http()
        .post('/api/v1/tasks')
        .set(supervisor)
        .send({ title: '远期任务', deadline, leadUnitIds: [t.fixture.units.market.id] })
        .expect(400);
      expect(response.body.message).toMatch(/2000 年至 2099 年/);
    }
    await t.http().get('/api/v1/tasks?deadlineFrom=0000-01-01').set(supervisor).expect(400);
    const leader = await t.login('leader');
    await t
      .http()
      .get('/api/v1/stats/trend?from=2000-01-01&to=2099-12-31&interval=day')
      .set(leader)
      .expect(400);
    await t
      .http()
      .get('/api/v1/stats/trend?from=2025-01-01&to=2025-06-30&interval=day')
      .set(leader)
      .expect(200);
  });

  it('answers NUL bytes, lone surrogates, bad JSON and oversized bodies with 400/413 and a requestId', async () => {
    const admin = await t.login('admin');
    const nul = await t.http().post('/api/v1/units').set(admin).send({ name: '测试\u0000单位' }).expect(400);
    expect(nul.body.requestId).toBeTruthy();
    await t
      .http()
      .post('/api/v1/units')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{"name":"测试\\ud800单位"}')
      .expect(400);
    await t.http().get('/api/v1/units?q=%00').set(admin).expect(400);
    const parse = await t
      .http()
      .post('/api/v1/units')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(parse.body).toMatchObject({
      code: 'BAD_REQUEST',
      message: '请求内容不是有效的 JSON',
      requestId: expect.any(String),
    });
    const big = await t
      .http()
      .post('/api/v1/units')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(t.config.uploads.maxBytes + 1024 * 1024) }))
      .expect(413);
    expect(big.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', requestId: expect.any(String) });
  });

  it('refuses NUL bytes and lone surrogates in multipart text fields and file names with 400', async () => {
    const admin = await t.login('admin');
    const csv = Buffer.from('名称,上级单位\n多部件测试局,\n');
    const nulField = await t
      .http()
      .post('/api/v1/units/import')
      .set(admin)
      .field('note', '备注\u0000')
      .attach('file', csv, 'units.csv')
      .expect(400);
    expect(nulField.body).toMatchObject({ code: 'BAD_REQUEST', requestId: expect.any(String) });
    expect(nulField.body.message).toMatch(/空字符/);
    // A lone surrogate travels in multipart as its WTF-8 bytes (ED A0 80): written by hand.
    const lone = Buffer.from([0xed, 0xa0, 0x80]);
    for (const parts of [
      [
        { name: 'note', data: Buffer.concat([Buffer.from('备注'), lone]) },
        { name: 'file', filename: 'units.csv', data: csv },
      ],
      [
        {
          name: 'file',
          filename: Buffer.concat([Buffer.from('名录'), lone, Buffer.from('.csv')]),
          data: csv,
        },
      ],
    ]) {
      const body = multipartOf(parts);
      const surrogate = await t
        .http()
        .post('/api/v1/units/import')
        .set(admin)
        .set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`)
        .send(body)
        .expect(400);
      expect(surrogate.body.message).toMatch(/无效的 Unicode/);
    }
    // Not 'market': a later test needs that account's first login.
    const clerk = await t.login('other');
    await t
      .http()
      .post('/api/v1/attachments')
      .set(clerk)
      .attach('file', Buffer.from('佐证'), 'proof\u0000.txt')
      .expect(400);
    await t
      .http()
      .post('/api/v1/documents/import')
      .set(admin)
      .field('fileName', '\u0000')
      .attach('file', Buffer.from(SAMPLE_POLICY_TEXT), 'notice.txt')
      .expect(400);
    // Nothing was imported, and a clean upload of the same file still goes through.
    expect(await t.dataSource.query(`SELECT 1 FROM unit WHERE name = '多部件测试局'`)).toEqual([]);
    await t.http().post('/api/v1/units/import').set(admin).attach('file', csv, 'units.csv').expect(201);
  });

  it('refuses an .xlsx directory that inflates past the limit (a zip bomb) with 422, before parsing', async () => {
    const admin = await t.login('admin');
    // 48 MB of one repeated row inflate from a few hundred KB; the second copy lies about its size.
    const row = '<row><c t="inlineStr"><is><t>炸弹局</t></is></c></row>';
    const sheet = Buffer.from(row.repeat(Math.ceil((48 * 1024 * 1024) / Buffer.byteLength(row))));
    for (const lie of [false, true]) {
      const bomb = zipOf([
        { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: lie ? 1000 : undefined },
      ]);
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const started = Date.now();
      const response = await t
        .http()
        .post('/api/v1/units/import')
        .set(admin)
        .attach('file', bomb, 'units.xlsx')
        .expect(422);
      expect(response.body.message).toMatch(/解压后超过 32 MB/);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    expect(await t.dataSource.query(`SELECT 1 FROM unit WHERE name = '炸弹局'`)).toEqual([]);
  });

  it('refuses a zero-width copy of an existing unit name and weak passwords', async () => {
    const admin = await t.login('admin');
    await t.http().post('/api/v1/units').set(admin).send({ name: '测试市\u200b财政局' }).expect(400);
    const weak = await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({ username: 'newclerk', displayName: '新办事员', roles: ['leader'], password: 'newclerk2025' })
      .expect(400);
    expect(weak.body.message).toMatch(/用户名/);
    await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({ username: 'newclerk', displayName: '新办事员', roles: ['leader'], password: 'P@ssw0rd' })
      .expect(400);
  });

  it('checks the user behind a token on every request: disabled, demoted, unknown', async () => {
    const admin = await t.login('admin');
    const { body: created } = await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        username: 'temp_sup',
        displayName: '临时督办员',
        roles: ['supervisor'],
        password: 'Qz7!mK2#wLp9',
      })
      .expect(201);
    const session = await login('temp_sup', 'Qz7!mK2#wLp9').expect(200);
    const bearer = { Authorization: `Bearer ${session.body.accessToken}` };
    await t.http().get('/api/v1/audit').set(bearer).expect(200);
    // Demoted: the old token no longer carries supervisor rights (or any).
    await t
      .http()
      .patch(`/api/v1/users/${created.id}`)
      .set(admin)
      .send({ roles: ['leader'] })
      .expect(200);
    await t.http().get('/api/v1/auth/me').set(bearer).expect(401);
    const again = await login('temp_sup', 'Qz7!mK2#wLp9').expect(200);
    await t.http().patch(`/api/v1/users/${created.id}`).set(admin).send({ active: false }).expect(200);
    await t
      .http()
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${again.body.accessToken}` })
      .expect(401);
    const ghost = await t.app.get(JwtService).signAsync({
      sub: '00000000-0000-4000-8000-000000000000',
      ver: 1,
      typ: 'access',
      username: 'ghost',
      displayName: 'ghost',
      roles: ['admin'],
      unitId: null,
    });
    await t
      .http()
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${ghost}` })
      .expect(401);
  });

  it('rotates refresh tokens, and logout ends the session', async () => {
    const first = await login('leader', t.fixture.password).expect(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['set-cookie']?.[0]).toMatch(/^duban_refresh=.*HttpOnly/);
    const second = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    // The rotated token is spent.
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);
    // The web sends the cookie instead of a body.
    const cookie = `duban_refresh=${encodeURIComponent(second.body.refreshToken)}`;
    const third = await t.http().post('/api/v1/auth/refresh').set('Cookie', cookie).expect(200);
    const bearer = { Authorization: `Bearer ${third.body.accessToken}` };
    await t.http().post('/api/v1/auth/logout').set(bearer).send({}).expect(204);
    await t.http().get('/api/v1/auth/me').set(bearer).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: third.body.refreshToken }).expect(401);
  });

  it('replaces a bcryptjs hash with argon2id at login', async () => {
    const [before] = await t.dataSource.query(`SELECT password_hash FROM app_user WHERE username = 'market'`);
    expect(before.password_hash).toMatch(/^\$2/);
    await login('market', t.fixture.password).expect(200);
    const [after] = await t.dataSource.query(`SELECT password_hash FROM app_user WHERE username = 'market'`);
    expect(after.password_hash).toMatch(/^\$argon2id\$/);
    await login('market', t.fixture.password).expect(200);
  });

  it('replaces an argon2id hash of other parameters with the current ones at login', async () => {
    const other = await argon2.hash(t.fixture.password, {
      ...ARGON2_OPTIONS,
      memoryCost: ARGON2_OPTIONS.memoryCost * 2,
    });
    await t.dataSource.query(`UPDATE app_user SET password_hash = $1 WHERE username = 'market_head'`, [
      other,
    ]);
    await login('market_head', t.fixture.password).expect(200);
    const [after] = await t.dataSource.query(
      `SELECT password_hash FROM app_user WHERE username = 'market_head'`,
    );
    expect(after.password_hash).not.toBe(other);
    expect(after.password_hash).toContain(`m=${ARGON2_OPTIONS.memoryCost},p=1,t=${ARGON2_OPTIONS.timeCost}$`);
    await login('market_head', t.fixture.password).expect(200);
  });

  it('locks one account from one address after repeated failures, not the office next to it', async () => {
    for (let i = 0; i < 3; i++) await login('approval', 'wrong-password', '10.1.1.1').expect(401);
    const locked = await login('approval', t.fixture.password, '10.1.1.1').expect(429);
    expect(locked.body.message).toMatch(/登录失败次数过多.*分钟后再试/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // A colleague behind the same NAT address, and the same clerk from elsewhere, still sign in.
    await login('market_head', t.fixture.password, '10.1.1.1').expect(200);
    await login('approval', t.fixture.password, '10.2.2.2').expect(200);
  });
});

describe('hardening: X-Forwarded-For without a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '2' } });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For, so a new one per request does not escape the lock', async () => {
    for (let i = 0; i < 2; i++)
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', `10.9.9.${i}`)
        .send({ username: 'leader', password: 'wrong-password' })
        .expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', '10.9.9.99')
      .send({ username: 'leader', password: t.fixture.password })
      .expect(429);
  });
});

describe('hardening: the sweep schedule after Redis lost its data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ role: 'all', env: { REMINDER_CRON: '*/10 * * * *' } });
  });
  afterAll(() => t.close());

  it('registers the schedule again when it finds it missing', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUE.reminders));
    const reminders = t.app.get(RemindersService);
    expect(await queue.getJobScheduler(SWEEP_SCHEDULER_ID)).toBeTruthy();
    expect(await reminders.ensureSchedule()).toBe(false);
    // What FLUSHALL does to this deployment's keys.
    await flushPrefix(t.config.redis.url, t.config.redis.prefix);
    expect(await queue.getJobScheduler(SWEEP_SCHEDULER_ID)).toBeFalsy();
    expect(await reminders.ensureSchedule()).toBe(true);
    expect(await queue.getJobScheduler(SWEEP_SCHEDULER_ID)).toMatchObject({ pattern: '*/10 * * * *' });
  });
});

describe('hardening: uploads on disk, with a daily quota and an orphan sweep', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_QUOTA_MB_PER_DAY: '0.01' } });
  });
  afterAll(() => t.close());

  const upload = async (name: string, bytes: number) =>
    t
      .http()
      .post('/api/v1/attachments')
      .set(await t.login('market'))
      .attach('file', Buffer.alloc(bytes, 'a'), name);

  it('stores, refuses past the quota, answers 404 for a lost file, and sweeps abandoned uploads', async () => {
    const first = await upload('证明.txt', 6000);
    expect(first.status).toBe(201);
    const refused = await upload('证明2.txt', 6000);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/今日上传的附件已达上限/);

    const [row] = await t.dataSource.query(`SELECT storage_key FROM attachment WHERE id = $1`, [
      first.body.id,
    ]);
    const path = join(t.config.uploads.dir, row.storage_key);
    expect(readFileSync(path).length).toBe(6000);
    rmSync(path);
    const lost = await t
      .http()
      .get(`/api/v1/attachments/${first.body.id}`)
      .set(await t.login('market'))
      .expect(404);
    expect(lost.body.message).toMatch(/文件已不在存储中/);

    const service = t.app.get(AttachmentsService);
    expect(await service.sweepOrphans(new Date())).toBe(0);
    expect(await service.sweepOrphans(new Date(Date.now() + 25 * 3600_000))).toBe(1);
    expect(await t.dataSource.query(`SELECT id FROM attachment`)).toEqual([]);
  });
});

describe('hardening: Redis down (a private redis-server, stopped mid-test)', () => {
  let t: TestApp;
  let port: number;
  let redis: ChildProcess;
  const startRedis = async () => {
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    // Ready once it accepts a connection (instead of a fixed half-second pause).
    await waitFor(
      'the private redis-server',
      () =>
        new Promise<boolean>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          socket.once('connect', () => {
            socket.end();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
        }),
      10_000,
    );
  };
  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    t = await createTestApp({
      now: at('2025-09-29'),
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, IMPORT_ASYNC_THRESHOLD_KB: '1' },
    });
    await insertTask(t, '2025-09-30', t.fixture.units.approval.id);
  });
  afterAll(async () => {
    // A failure half-way leaves Redis stopped; closing the app needs it.
    if (redis.exitCode !== null || redis.signalCode !== null) await startRedis();
    await t.close();
    const exited = new Promise((resolve) => redis.once('exit', resolve));
    redis.kill('SIGKILL');
    await exited;
  });

  it('answers 503 with Retry-After at once for the async import and the manual sweep', async () => {
    const supervisor = await t.login('supervisor');
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    const started = Date.now();
    const imported = await t
      .http()
      .post('/api/v1/documents/import')
      .set(supervisor)
      .send({ text: SAMPLE_POLICY_TEXT.repeat(4) });
    expect(imported.status).toBe(503);
    expect(imported.headers['retry-after']).toBeTruthy();
    expect(await t.dataSource.query(`SELECT id FROM import_job`)).toEqual([]);
    // The sweep records the ledger in PostgreSQL; its rows stay pending until Redis is back.
    await t.http().post('/api/v1/reminders/sweep').set(supervisor).expect(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    await t.http().get('/api/health').expect(503);
    // Back (empty, as after a restart without persistence): the import goes through again.
    await startRedis();
    await waitFor('Redis back', async () => (await t.http().get('/api/health')).status === 200);
    await t
      .http()
      .post('/api/v1/documents/import')
      .set(supervisor)
      .send({ text: SAMPLE_POLICY_TEXT.repeat(4) })
      .expect(202);
  });
});

async function insertTask(t: TestApp, deadline: string, unitId: string): Promise<void> {
  const [task] = await t.dataSource.query(
    `INSERT INTO task (code, title, deadline, status, start_date)
     VALUES ('DB-H-' || nextval('task_code_seq'), $1, $2, 'in_progress', '2025-09-01') RETURNING id`,
    [`期限 ${deadline}`, deadline],
  );
  await t.dataSource.query(
    `INSERT INTO assignment (task_id, unit_id, role, status, deadline) VALUES ($1, $2, 'lead', 'accepted', $3)`,
    [task.id, unitId, deadline],
  );
}

const BOUNDARY = 'duban-boundary-7f3a';

/** A multipart body written byte by byte, so a part may carry bytes that are not UTF-8. */
function multipartOf(parts: { name: string; filename?: Buffer | string; data: Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"`));
    if (part.filename !== undefined)
      chunks.push(
        Buffer.from('; filename="'),
        Buffer.from(part.filename),
        Buffer.from('"\r\nContent-Type: text/csv'),
      );
    chunks.push(Buffer.from('\r\n\r\n'), part.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A zip (deflate) whose entries may declare a false uncompressed size. */
function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const packed = deflateRawSync(entry.data, { level: 9 });
    const size = entry.declaredSize ?? entry.data.length;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

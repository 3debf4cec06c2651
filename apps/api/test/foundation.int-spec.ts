import { createTestApp, type TestApp } from './support/test-app';

describe('foundation: health, auth, directory, users, audit, migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const auditCount = async () =>
    Number((await t.dataSource.query('SELECT count(*) AS n FROM audit_entry'))[0].n);

  it('reports db and redis up', async () => {
    const response = await t.http().get('/api/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('serves the OpenAPI document', async () => {
    const response = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/tasks', '/api/v1/documents/import']),
    );
    // Every operation says in Chinese what it does.
    const unsummarised = Object.entries(
      response.body.paths as Record<string, Record<string, { summary?: string }>>,
    )
      .flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, op]) => ({ op: `${method} ${path}`, summary: op.summary })),
      )
      .filter(({ summary }) => !/[\u4e00-\u9fff]/.test(summary ?? ''))
      .map(({ op }) => op);
    expect(unsummarised).toEqual([]);
  });

  it('rejects bad credentials with 401 and a message', async () => {
    const response = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: 'wrong-password' })
      .expect(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
    await t.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'whatever1' }).expect(401);
  });

  it('logs in and returns the current user with roles and unit', async () => {
    const response = await t
      .http()
      .get('/api/v1/auth/me')
      .set(await t.login('market'))
      .expect(200);
    expect(response.body).toMatchObject({
      username: 'market',
      roles: ['unit'],
      unitId: t.fixture.units.market.id,
      unitName: '测试市市场监督管理局',
    });
  });

  it('refuses requests without a token (401) and a unit user on an admin route (403), changing nothing', async () => {
    await t.http().get('/api/v1/units').expect(401);
    await t.http().get('/api/v1/units').set({ Authorization: 'Bearer not-a-token' }).expect(401);
    const before = await auditCount();
    const response = await t
      .http()
      .post('/api/v1/users')
      .set(await t.login('market'))
      .send({ username: 'intruder', displayName: 'x', roles: ['admin'], password: 'password123' })
      .expect(403);
    expect(response.body.code).toBe('FORBIDDEN');
    expect(await auditCount()).toBe(before);
  });

  it('answers bad input with 400 and the list of problems', async () => {
    const response = await t
      .http()
      .post('/api/v1/users')
      .set(await t.login('admin'))
      .send({ username: 'a', displayName: '', roles: [], password: 'short' })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['username', 'displayName', 'roles', 'password']),
    );
    expect(response.body.message).toMatch(/^输入有误/);
  });

  it('writes exactly one audit row per mutation, in the same transaction', async () => {
    const admin = await t.login('admin');
    const before = await auditCount();
    const created = await t
      .http()
      .post('/api/v1/units')
      .set(admin)
      .send({ name: '测试市统计局', parentId: t.fixture.units.city.id })
      .expect(201);
    expect(await auditCount()).toBe(before + 1);
    await t
      .http()
      .patch(`/api/v1/units/${created.body.id}`)
      .set(admin)
      .send({ aliases: ['市统计局'] })
      .expect(200);
    expect(await auditCount()).toBe(before + 2);
    // A failing mutation (duplicate name) leaves no audit row behind.
    await t
      .http()
      .post('/api/v1/units')
      .set(admin)
      .send({ name: '测试市统计局', parentId: t.fixture.units.city.id })
      .expect(409);
    expect(await auditCount()).toBe(before + 2);
    const audit = await t.http().get(`/api/v1/audit?entityId=${created.body.id}`).set(admin).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['unit.update', 'unit.create']);
    expect(audit.body.items[0]).toMatchObject({ before: { aliases: [] }, after: { aliases: ['市统计局'] } });
  });

  it('keeps the audit log append-only, even for SQL', async () => {
    await expect(t.dataSource.query('UPDATE audit_entry SET action = $1', ['tampered'])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.dataSource.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
  });

  it('creates users with hashed passwords that can log in, and never returns the hash', async () => {
    const admin = await t.login('admin');
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        username: 'finance1',
        displayName: '财政承办人',
        unitId: t.fixture.units.finance.id,
        roles: ['unit'],
        password: 'finance-pass-1',
      })
      .expect(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'finance1', password: 'finance-pass-1' })
      .expect(200);
    const [row] = await t.dataSource.query('SELECT after FROM audit_entry WHERE entity_id = $1', [
      created.body.id,
    ]);
    expect(JSON.stringify(row.after)).not.toMatch(/passwordHash|finance-pass-1/);
  });

  it('imports a directory from CSV, with parents, aliases and group members, all or nothing', async () => {
    const admin = await t.login('admin');
    const csv =
      '名称,上级单位,类型,别名,区域,成员\n新市人民政府,,人民政府,,新市,\n丙县人民政府,新市人民政府,人民政府,,新市,\n新市各县（市、区）人民政府,新市人民政府,泛指单位,各县（市、区）人民政府,新市,丙县人民政府\n新市商务局,新市人民政府,部门,市商务局,新市,\n';
    const response = await t
      .http()
      .post('/api/v1/units/import')
      .set(admin)
      .attach('file', Buffer.from(csv), 'units.csv')
      .expect(201);
    expect(response.body).toEqual({ created: 4, updated: 0 });
    const resolved = await t
      .http()
      .post('/api/v1/units/resolve')
      .set(admin)
      .send({ names: ['市商务局', '各县（市、区）人民政府'], region: '新市' })
      .expect(200);
    expect(resolved.body.items[0]).toMatchObject({ status: 'exact', candidates: [{ name: '新市商务局' }] });
    expect(resolved.body.items[1]).toMatchObject({ status: 'group', needsChoice: false });
    expect(resolved.body.items[1].unitIds).toHaveLength(1);

    const broken = '名称,上级单位\n孤儿局,不存在的上级\n';
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM unit');
    const error = await t
      .http()
      .post('/api/v1/units/import')
      .set(admin)
      .attach('file', Buffer.from(broken), 'units.csv')
      .expect(400);
    expect(error.body.message).toMatch(/不存在的上级/);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM unit')).toEqual(before);
  });

  it('has migrations that match the entities exactly', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  it('has the partial indexes the entities declare (the schema diff above ignores index predicates)', async () => {
    const rows: { indexname: string; indexdef: string }[] = await t.dataSource.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`,
    );
    const definitions = new Map(rows.map((row) => [row.indexname, row.indexdef]));
    const declared = t.dataSource.entityMetadatas.flatMap((entity) => entity.indices.map((index) => index));
    expect(declared.filter((index) => index.where).length).toBeGreaterThan(0);
    for (const index of declared) {
      const name = index.name;
      expect({ name, partial: / WHERE /.test(definitions.get(name) ?? '') }).toEqual({
        name,
        partial: Boolean(index.where),
      });
    }
  });
});

import { unresolvedUnitsDetailsSchema } from '@duban/contracts';
import { UsersService } from '../src/modules/users/users.service';
import { createTestApp, type TestApp } from './support/test-app';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Content = Record<string, { schema?: Schema }>;
interface Operation {
  summary?: string;
  requestBody?: { content?: Content };
  responses?: Record<string, { content?: Content }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Routes that stream a file: documented by media type, never through a JSON schema (so never buffered). */
const STREAMED = ['get /api/v1/exports/tasks.xlsx', 'get /api/v1/attachments/{id}'];

describe('contracts: every response has a schema, and the api answers through it', () => {
  let t: TestApp;
  let doc: OpenApi;
  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema?.$ref ? doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
  /** A schema that says something: properties, items, a union of such, or a scalar type. */
  const describes = (schema: Schema | undefined): boolean => {
    const s = resolve(schema);
    if (!s) return false;
    if (s.properties) return Object.keys(s.properties).length > 0;
    if (s.items) return describes(s.items);
    const union = s.anyOf ?? s.oneOf ?? s.allOf;
    if (union) return union.length > 0 && union.every(describes);
    return typeof s.type === 'string' && s.type !== 'object';
  };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ name: `${method} ${path}`, op })),
    );

  it('documents a response schema for every operation (204s say so, streamed files by media type)', () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(60);
    const missing = all
      .filter(({ name, op }) => {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        if (!success.length) return true;
        return !success.every(([status, response]) => {
          if (status === '204') return !response.content;
          if (STREAMED.includes(name))
            return Object.entries(response.content ?? {}).some(
              ([type, media]) => type !== 'application/json' && resolve(media.schema)?.format === 'binary',
            );
          return describes(response.content?.['application/json']?.schema);
        });
      })
      .map(({ name }) => name);
    expect(missing).toEqual([]);
    // The streamed routes are still there: the exception above is for them only.
    expect(all.map(({ name }) => name)).toEqual(expect.arrayContaining(STREAMED));
  });

  it('shows the shape of a response, down to nested lists', () => {
    const list = doc.paths['/api/v1/tasks'].get.responses!['200'].content!['application/json'].schema;
    const page = resolve(list)!;
    expect(Object.keys(page.properties!)).toEqual(
      expect.arrayContaining(['items', 'total', 'page', 'pageSize']),
    );
    const task = resolve(page.properties!.items.items)!;
    expect(task.properties).toHaveProperty('light');
    // A list row's assignments in brief (AssignmentBrief), the detail's whole (AssignmentSummary).
    const brief = resolve(resolve(task.properties!.assignments)!.items)!.properties!;
    expect(Object.keys(brief).sort()).toEqual(
      ['deadline', 'id', 'overdue', 'progress', 'role', 'status', 'unitId', 'unitName'].sort(),
    );
    const detail = resolve(
      doc.paths['/api/v1/tasks/{id}'].get.responses!['200'].content!['application/json'].schema,
    )!;
    expect(resolve(resolve(detail.properties!.assignments)!.items)!.properties).toHaveProperty('daysLeft');
  });

  it('documents the import body: pasted text as JSON, or a file as multipart', () => {
    const content = doc.paths['/api/v1/documents/import'].post.requestBody!.content!;
    const variants = (type: string) => {
      const schema = resolve(content[type]?.schema);
      return (schema?.oneOf ?? schema?.anyOf ?? (schema ? [schema] : [])).map(resolve);
    };
    expect(variants('multipart/form-data').map((s) => s?.properties?.file)).toContainEqual(
      expect.objectContaining({ type: 'string', format: 'binary' }),
    );
    expect(variants('application/json').map((s) => s?.properties?.text)).toContainEqual(
      expect.objectContaining({ type: 'string' }),
    );
    // Both answers: the drafts (201) and a job to poll (202).
    expect(Object.keys(doc.paths['/api/v1/documents/import'].post.responses!)).toEqual(
      expect.arrayContaining(['201', '202']),
    );
  });

  it('drops what a service adds beyond the contract, and fails a response that breaks it', async () => {
    const admin = await t.login('admin');
    const users = t.app.get(UsersService);
    const real = users.list.bind(users);
    const spy = jest.spyOn(users, 'list');
    try {
      spy.mockImplementationOnce(async (query) => {
        const page = await real(query);
        return { ...page, items: page.items.map((u) => ({ ...u, passwordHash: 'argon2…' })) };
      });
      const stripped = await t.http().get('/api/v1/users').set(admin).expect(200);
      expect(stripped.body.items.length).toBeGreaterThan(0);
      expect(stripped.body.items[0]).not.toHaveProperty('passwordHash');
      expect(stripped.body.items[0]).toHaveProperty('username');

      spy.mockImplementationOnce(async (query) => {
        const page = await real(query);
        return { ...page, items: page.items.map((u) => ({ ...u, roles: 'admin' as never })) };
      });
      const broken = await t.http().get('/api/v1/users').set(admin).expect(500);
      expect(broken.body).toMatchObject({ code: 'INTERNAL_ERROR' });
    } finally {
      spy.mockRestore();
    }
    await t.http().get('/api/v1/users').set(admin).expect(200);
  });

  it('a publish 409 for units names them, whichever check refuses it (all group phrases too)', async () => {
    const supervisor = await t.login('supervisor');
    const text = [
      '测试市人民政府办公室关于推进开发区建设的通知',
      '测政办〔2026〕77号',
      '各开发区管委会：',
      '一、重点任务',
      '1.完善园区配套。加快道路和管网建设。（责任单位：各开发区管委会；完成时限：2099年6月底前）',
      '2.优化园区服务。建立企业服务专员制度。（责任单位：各开发区管委会；完成时限：2099年底前）',
    ].join('\n');
    const imported = await t
      .http()
      .post('/api/v1/documents/import')
      .set(supervisor)
      .send({ text })
      .expect(201);
    const document = imported.body.documents[0];
    const refused = await t
      .http()
      .post(`/api/v1/documents/${document.id}/publish`)
      .set(supervisor)
      .send({ createMissingUnits: true })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'UNRESOLVED_UNITS',
      message: expect.stringContaining('泛指表述'),
    });
    const details = unresolvedUnitsDetailsSchema.parse(refused.body.details);
    expect(details.unresolved).toEqual(['各开发区管委会']);
    expect(details.items.every((item) => item.groupPhrase)).toBe(true);
  });
});

import { documentDeadline } from '@duban/policy-parser';
import { createTestApp, type TestApp } from './support/test-app';

// The document-year rule ("6月底前" of which year) has one home, documentDeadline in libs/policy-parser: the
// import and a deadline text edited in review give the same date, for every way a notice can be dated.
const TEXTS = ['6月底前', '三季度', '上半年', '年底前', '2025年3月底前', '长期坚持', '4月30日前'];

const notice = (number: string, dateLine: string | null) =>
  [
    '测试市人民政府办公室关于做好企业服务工作的通知',
    number,
    '各县（市、区）人民政府，市直有关部门：',
    '现将有关事项通知如下，请认真贯彻落实。',
    ...(dateLine ? ['测试市人民政府办公室', dateLine] : []),
    ...TEXTS.map(
      (text, index) =>
        `${index + 1}.开展第${index + 1}项企业服务工作。（牵头单位：市行政审批局；完成时限：${text}）`,
    ),
  ].join('\n');

const CASES = [
  // The issue date names the year.
  { name: 'issue date', text: notice('测政办〔2023〕7号', '2023年3月1日'), year: 2023 },
  // No issue date: the 发文字号's year.
  { name: '发文字号 only', text: notice('测政办〔2022〕8号', null), year: 2022 },
  // Both, disagreeing (a notice numbered late in one year, issued early in the next): the issue date wins.
  { name: 'issue date over 发文字号', text: notice('测政办〔2023〕99号', '2024年1月5日'), year: 2024 },
];

/** The rule as a table: what each text means in a document of `year`. */
const expected = (text: string, year: number) =>
  ({
    '6月底前': { deadline: `${year}-06-30`, ongoing: false },
    三季度: { deadline: `${year}-09-30`, ongoing: false },
    上半年: { deadline: `${year}-06-30`, ongoing: false },
    年底前: { deadline: `${year}-12-31`, ongoing: false },
    '2025年3月底前': { deadline: '2025-03-31', ongoing: false },
    长期坚持: { deadline: null, ongoing: true },
    '4月30日前': { deadline: `${year}-04-30`, ongoing: false },
  })[text];

describe('the document-year rule: import and review edit agree', () => {
  let t: TestApp;
  let supervisor: { Authorization: string };
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2024-02-01T02:00:00Z') });
    supervisor = await t.login('supervisor');
  });
  afterAll(() => t.close());

  type Measure = {
    id: string;
    deadlineText: string;
    deadline: string | null;
    ongoing: boolean;
    version: number;
  };

  it.each(CASES)('$name: every text gives the same date on import and on edit', async ({ text, year }) => {
    const imported = await t
      .http()
      .post('/api/v1/documents/import')
      .set(supervisor)
      .send({ text })
      .expect(201);
    const [document] = imported.body.documents;
    const measures: Measure[] = document.measures;
    expect(measures.map((m) => m.deadlineText)).toEqual(TEXTS);
    // The import reads each text with the rule.
    for (const m of measures) {
      expect({ text: m.deadlineText, deadline: m.deadline, ongoing: m.ongoing }).toEqual({
        text: m.deadlineText,
        ...expected(m.deadlineText, year),
      });
      expect(documentDeadline(m.deadlineText, document)).toEqual(expected(m.deadlineText, year));
    }

    // A supervisor retypes each measure's deadline text as the next one's, picking no date: the same rule.
    for (const [index, m] of measures.entries()) {
      const next = TEXTS[(index + 1) % TEXTS.length];
      const edited = await t
        .http()
        .patch(`/api/v1/documents/${document.id}/measures/${m.id}`)
        .set(supervisor)
        .send({ deadlineText: next, version: m.version })
        .expect(200);
      const importedNext = measures.find((other) => other.deadlineText === next)!;
      expect({ text: next, deadline: edited.body.deadline, ongoing: edited.body.ongoing }).toEqual({
        text: next,
        deadline: importedNext.deadline,
        ongoing: importedNext.ongoing,
      });
    }

    // A measure added by hand with a deadline text is read the same way.
    const added = await t
      .http()
      .post(`/api/v1/documents/${document.id}/measures`)
      .set(supervisor)
      .send({ title: '手工新增的措施', leadUnits: ['市行政审批局'], deadlineText: '6月底前' })
      .expect(201);
    expect(added.body.deadline).toBe(`${year}-06-30`);
  });
});

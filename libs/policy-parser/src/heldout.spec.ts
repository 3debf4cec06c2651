import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyText, type ParsedDocument, type ParsedMeasure } from './index';

// Notices written for these tests in styles the seed compilations do not have; the expected
// values were read off the text by the gold rules (../gold/README.md), not copied from the parser.
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__/heldout', name), 'utf8');
const notice = (name: string): ParsedDocument => {
  const text = fixture(name);
  const { documents } = parsePolicyText(text);
  expect(documents).toHaveLength(1);
  return documents[0];
};
const brief = (d: ParsedDocument) =>
  d.measures.map((m) => ({
    number: m.number,
    title: m.title,
    lead: m.leadUnits,
    responsible: m.responsibleUnits,
    deadline: m.deadline,
    ongoing: m.ongoing,
  }));

describe('held-out notices', () => {
  it('reads a regulation whose articles assign tasks, skipping 总则 and 附则', () => {
    const d = notice('regulation-articles.txt');
    expect(d.docNumber).toBe('示政办发〔2024〕5号');
    expect(brief(d)).toEqual([
      {
        number: '三',
        title: '推行企业开办“一日办结”',
        lead: ['市市场监管局'],
        responsible: ['市税务局', '市公安局'],
        deadline: '2024-06-30',
        ongoing: false,
      },
      {
        number: '四',
        title: '推行工程项目“拿地即开工”',
        lead: [],
        responsible: ['市住建局', '各区县人民政府'],
        deadline: null,
        ongoing: false,
      },
      {
        number: '五',
        title: '优化水电气报装服务',
        lead: [],
        responsible: ['市城管局', '市供电公司'],
        deadline: null,
        ongoing: false,
      },
      {
        number: '六',
        title: '建立涉企政策直达机制',
        lead: [],
        responsible: ['市财政局', '市数据局'],
        deadline: '2024-09-30',
        ongoing: false,
      },
    ]);
  });

  it('says so when a procedural regulation assigns nothing', () => {
    const d = notice('procedural-regulation.txt');
    expect(d.measures).toEqual([]);
    expect(d.notes.map((n) => n.code)).toContain('procedural_no_measures');
  });

  it('reads a tab-separated task table with merged group cells and a row wrapped onto a second line', () => {
    const d = notice('tab-table.txt');
    expect(brief(d)).toEqual([
      {
        number: '1',
        title: '提升开办便利度',
        lead: ['县市场监管局'],
        responsible: ['县税务局', '县人社局'],
        deadline: '2024-06-30',
        ongoing: false,
      },
      {
        number: '2',
        title: '推广电子营业执照在银行开户等场景应用',
        lead: ['县市场监管局'],
        responsible: ['县数据局'],
        deadline: '2024-09-30',
        ongoing: false,
      },
      {
        number: '3',
        title: '优化项目审批',
        lead: ['县发改局'],
        responsible: ['县自然资源局', '县住建局'],
        deadline: '2024-12-31',
        ongoing: false,
      },
      {
        number: '4',
        title: '建立重点项目全程代办制度',
        lead: ['县政务服务中心'],
        responsible: [],
        deadline: null,
        ongoing: true,
      },
    ]);
    expect(d.measures.map((m) => m.path)).toEqual([
      ['1.提升开办便利度'],
      ['1.提升开办便利度'],
      ['2.优化项目审批'],
      ['2.优化项目审批'],
    ]);
  });

  it('applies the conventions a notice declares, and says where it did', () => {
    const d = notice('convention.txt');
    expect(d.notes.map((n) => n.code).sort()).toEqual([
      'convention_lead_first',
      'convention_units_everywhere',
    ]);
    expect(
      brief(d).map(({ number, lead, responsible, deadline }) => ({ number, lead, responsible, deadline })),
    ).toEqual([
      {
        number: '一',
        lead: ['市政务服务中心'],
        responsible: ['市直有关部门', '各区县人民政府'],
        deadline: null,
      },
      { number: '二', lead: ['市数据局'], responsible: ['市政务服务中心', '各区县人民政府'], deadline: null },
      { number: '三', lead: ['市政务服务中心'], responsible: ['各区县人民政府'], deadline: '2024-06-30' },
      { number: '四', lead: ['市发展改革委'], responsible: ['市统计局', '各区县人民政府'], deadline: null },
      {
        number: '五',
        lead: ['市工信局'],
        responsible: ['市财政局', '市政务服务中心', '各区县人民政府'],
        deadline: null,
      },
    ]);
    const codes = d.measures.map((m) => m.flags.map((f) => f.code));
    expect(codes[0]).toContain('assignment_from_document_convention');
    expect(codes[1]).toContain('assignment_from_document_convention');
    expect(d.measures[1].confidence).toBeLessThan(1);
  });

  it('reads 2024/2025 deadline forms and units set apart by 、 ， spaces or /', () => {
    const d = notice('deadlines-and-separators.txt');
    const row = (
      number: string,
      lead: string[],
      responsible: string[],
      deadlineText: string,
      deadline: string | null,
      ongoing: boolean,
    ) => ({ number, lead, responsible, deadlineText, deadline, ongoing });
    expect(
      d.measures.map((m) =>
        row(m.number, m.leadUnits, m.responsibleUnits, m.deadlineText ?? '', m.deadline, m.ongoing),
      ),
    ).toEqual([
      row('1', ['市政务服务中心'], ['市数据局', '市公安局'], '2025年第三季度', '2025-09-30', false),
      row('2', ['市政务服务中心'], ['各区县人民政府'], '每季度末', null, true),
      row('3', ['市发展改革委'], ['市财政局', '市市场监管局'], '2024年12月31日前', '2024-12-31', false),
      row('4', ['市工商联'], ['市直有关部门'], '长期坚持', null, true),
      // no year: the notice's
      row('5', ['市政务服务中心'], ['各区县人民政府'], '年内完成', '2025-12-31', false),
      // names apart by a full-width space; 上旬 ends on the 10th
      row('6', ['市政务服务中心'], ['市司法局', '市数据局'], '2025年6月上旬', '2025-06-10', false),
      row('7', ['市自然资源局'], ['市发展改革委', '市住建局', '市生态环境局'], '持续推进', null, true),
      row('8', ['市金融办', '市财政局'], ['人民银行示范市分行'], '2025.9', '2025-09-30', false),
      // 2025年起 is when the work starts, not a deadline
      row('9', [], ['市政务服务中心', '市数据局'], '2025年起长期坚持', null, true),
      row('10', ['市水务局'], ['市住建局', '市城管局'], '2025年9月底前', '2025-09-30', false),
      row('11', [], ['各区县人民政府'], '长期坚持', null, true),
    ]);
    expect(d.measures.map((m) => m.title)).toContain('推进“就近办”');
    // a deadline before the notice was issued is a doubt, not an error
    expect(d.measures[2].flags.map((f) => f.code)).toContain('deadline_before_document');
    expect(d.measures.flatMap((m) => m.flags.map((f) => f.code))).not.toContain('deadline_unreadable');
  });

  it('reads 附件 task tables with 序号/重点任务/责任单位/完成时限 columns, and a second table with other headers', () => {
    const d = notice('attachment-tables.txt');
    expect(brief(d)).toEqual([
      {
        number: '1',
        title: '推行企业开办“一网通办”',
        lead: [],
        responsible: ['区市场监管局', '区税务局'],
        deadline: '2025-03-31',
        ongoing: false,
      },
      {
        number: '2',
        title: '开展“高效办成一件事”',
        lead: ['区政务服务中心'],
        responsible: ['区直有关部门'],
        deadline: '2025-09-30',
        ongoing: false,
      },
      {
        number: '3',
        title: '清理规范涉企收费',
        lead: [],
        responsible: ['区发改局', '区财政局'],
        deadline: '2025-12-31',
        ongoing: false,
      },
      {
        number: '4',
        title: '健全政企沟通机制',
        lead: [],
        responsible: ['区工商联'],
        deadline: null,
        ongoing: true,
      },
      // 主责单位 leads, 协办单位 is responsible, 时间节点 is the deadline
      {
        number: '1',
        title: '优化水电气报装',
        lead: ['区住建局'],
        responsible: ['区城管局', '区供电公司'],
        deadline: '2025-06-30',
        ongoing: false,
      },
      {
        number: '2',
        title: '规范涉企检查',
        lead: ['区司法局'],
        responsible: ['区市场监管局', '区应急局'],
        deadline: null,
        ongoing: true,
      },
    ]);
    expect(d.measures.flatMap((m) => m.flags.map((f) => f.code))).not.toContain('assignment_leftover_text');
  });

  it('reads 第X条 measures inside chapters, skipping 总则 and 附则, with one bracket for lead and responsible', () => {
    const d = notice('chapter-articles.txt');
    expect(brief(d)).toEqual([
      {
        number: '二',
        title: '推行“一件事一次办”',
        lead: ['市政务服务中心'],
        responsible: ['市公安局', '市人社局'],
        deadline: '2024-12-31',
        ongoing: false,
      },
      {
        number: '三',
        title: '推广电子证照应用',
        lead: ['市数据局'],
        responsible: ['市直有关部门'],
        deadline: null,
        ongoing: false,
      },
      {
        number: '四',
        title: '保障项目用地',
        lead: ['市自然资源局'],
        responsible: ['市发展改革委'],
        deadline: '2025-03-31',
        ongoing: false,
      },
      {
        number: '五',
        title: '降低融资成本',
        lead: ['市金融办'],
        responsible: ['人民银行样板市分行'],
        deadline: null,
        ongoing: true,
      },
    ]);
    expect(d.measures.map((m) => m.path)).toEqual([
      ['第二章提升政务服务'],
      ['第二章提升政务服务'],
      ['第三章优化要素保障'],
      ['第三章优化要素保障'],
    ]);
  });

  it('reads other label words (支持单位, 协同单位, 主责单位, 时间安排, 截止时间, 进度安排), and no person as a unit', () => {
    const d = notice('label-variants.txt');
    expect(
      brief(d).map(({ number, lead, responsible, deadline }) => ({ number, lead, responsible, deadline })),
    ).toEqual([
      // 牵头领导 names a person, not a unit
      { number: '1', lead: ['市市场监管局'], responsible: ['市税务局'], deadline: '2025-08-31' },
      { number: '2', lead: ['市市场监管局'], responsible: ['市数据局'], deadline: '2025-10-31' },
      // 责任人 is a person
      { number: '3', lead: [], responsible: ['市政务服务中心'], deadline: '2025-06-30' },
      { number: '4', lead: ['市司法局'], responsible: ['市市场监管局'], deadline: '2025-12-31' },
      { number: '5', lead: ['市工信局'], responsible: ['各区县人民政府'], deadline: '2025-11-30' },
      { number: '6', lead: ['市财政局'], responsible: [], deadline: '2025-12-31' },
      { number: '7', lead: [], responsible: ['市政府督查室'], deadline: '2025-12-31' },
    ]);
    expect(d.measures.map((m) => m.deadlineText)).toEqual([
      '2025年8月底前',
      '2025年10月底前',
      '2025年第二季度完成',
      '2025年底前',
      '2025年11月30日前',
      '2025年底前',
      '2025年底前',
    ]);
    // units under a label of no known role (保障单位) are shown to the clerk, not dropped
    expect(d.measures[5].flags.map((f) => f.code)).toContain('assignment_leftover_text');
    expect(d.measures[5].warnings.join()).toContain('保障单位：市审计局');
  });

  it('reads measures numbered 1.1, 1.2 under markdown headings, but not a line that starts with 2.1万户', () => {
    const d = notice('decimal-numbering.txt');
    expect(d.docNumber).toBe('示县政办〔2025〕7号');
    expect(d.measures.map((m) => [m.number, m.path, m.title, m.leadUnits, m.deadline, m.ongoing])).toEqual([
      [
        '1.1',
        ['二、重点任务', '（一）优化政务服务'],
        '推行“一网通办”',
        ['县政务服务中心'],
        '2025-06-30',
        false,
      ],
      [
        '1.2',
        ['二、重点任务', '（一）优化政务服务'],
        '推行“就近办”',
        ['县政务服务中心'],
        '2025-09-30',
        false,
      ],
      ['2.1', ['二、重点任务', '（二）优化要素保障'], '保障项目用地', ['县自然资源局'], '2025-12-31', false],
      ['2.2', ['二、重点任务', '（二）优化要素保障'], '降低用能成本', ['县供电公司'], null, true],
    ]);
    expect(d.measures[3].body).toContain('2.1万户小微企业');
  });

  it('reads a PDF table (one cell per line) with 主责单位/协办单位/完成时限 columns and 长期坚持 under a unit', () => {
    const d = notice('pdf-table-columns.txt');
    expect(d.measures.map((m) => [m.number, m.leadUnits, m.responsibleUnits, m.deadline, m.ongoing])).toEqual(
      [
        ['1', ['县市场监管局'], ['县税务局', '县人社局'], '2025-06-30', false],
        ['2', ['县住建局'], ['县自然资源局'], '2025-09-30', false],
        ['3', ['县财政局'], ['县工信局'], null, true],
        ['4', ['县司法局'], ['县市场监管局', '县应急局'], null, true],
      ],
    );
  });

  it('reads a heading printed in parts (issuers above 关于…) and dates in Chinese numerals', () => {
    const d = notice('cn-numeral-dates.txt');
    expect(d).toMatchObject({
      title: '中共示例市委办公室示例市人民政府办公室关于印发示例市2025年政务公开工作要点的通知',
      issuer: '中共示例市委办公室示例市人民政府办公室',
      docNumber: '示政发〔2025〕3号',
      issuedOn: '2025-03-18',
      region: '示例市',
    });
    expect(d.measures.map((m) => [m.number, m.responsibleUnits, m.deadlineText, m.deadline])).toEqual([
      ['1', ['市政府办公室', '市直有关部门'], '二〇二五年十二月底前', '2025-12-31'],
      // no year: the notice's
      ['2', ['市政务服务中心'], '六月底前', '2025-06-30'],
      ['3', ['市司法局'], '二〇二五年九月三十日前', '2025-09-30'],
    ]);
    expect(d.notes.map((n) => n.code)).not.toContain('no_issue_date');
  });

  it('reads full-width digits (２０２５年６月底前, １．) as digits and returns every text as printed', () => {
    const text = readFileSync(join(__dirname, '__fixtures__/heldout', 'full-width-digits.txt'), 'utf8');
    const d = notice('full-width-digits.txt');
    expect(d).toMatchObject({
      title: '示例县人民政府办公室关于印发示例县２０２５年优化营商环境工作要点的通知',
      docNumber: '示县政办〔２０２５〕５号',
      issuedOn: '2025-04-02',
    });
    expect(
      d.measures.map((m) => [
        m.number,
        m.path,
        m.title,
        m.leadUnits,
        m.responsibleUnits,
        m.deadlineText,
        m.deadline,
      ]),
    ).toEqual([
      [
        '１',
        ['一、２０２５年重点任务'],
        '推行企业开办“一日办结”',
        ['县市场监管局'],
        ['县税务局'],
        '２０２５年６月底前',
        '2025-06-30',
      ],
      [
        '２',
        ['一、２０２５年重点任务'],
        '推行工程项目“拿地即开工”',
        ['县住建局'],
        [],
        '２０２５年第三季度',
        '2025-09-30',
      ],
      // one notice may mix widths: each digit comes back as printed where it stands
      [
        '３',
        ['一、２０２５年重点任务'],
        '开通“１２３４５”企业诉求专线，２４小时受理',
        ['县１２３４５热线管理中心'],
        [],
        '2025年12月底前',
        '2025-12-31',
      ],
    ]);
    expect(d.measures[2].body).toBe(
      '开通“１２３４５”企业诉求专线，２４小时受理。（牵头单位：县１２３４５热线管理中心；完成时限：2025年12月底前）',
    );
    // the read is the same: the numbers run on, no doubts
    expect(d.measures.flatMap((m) => m.flags.map((f) => f.code))).toEqual([]);
    // texts and spans agree (the fixture has no whitespace inside them)
    for (const m of d.measures) {
      const { title, leadUnits, deadline } = m.spans;
      expect(title && text.slice(title.start, title.end)).toBe(m.title);
      expect(leadUnits.map((s) => text.slice(s.start, s.end))).toEqual(m.leadUnits);
      expect(deadline && text.slice(deadline.start, deadline.end)).toBe(m.deadlineText);
    }
  });

  it('reads every held-out notice alike when its digits are printed full-width, and returns them full-width', () => {
    const wide = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const view = (d: ParsedDocument) => ({
      texts: [d.title, d.docNumber, d.issuer, d.region].concat(
        ...d.measures.map((m) => [
          m.number,
          ...m.path,
          m.title,
          m.body,
          ...m.leadUnits,
          ...m.responsibleUnits,
          m.deadlineText,
        ]),
      ),
      read: [
        d.issuedOn,
        ...d.measures.map((m) => [m.deadline, m.ongoing, m.spans, m.flags.map((f) => f.code)]),
      ],
    });
    for (const name of readdirSync(join(__dirname, '__fixtures__/heldout'))) {
      const text = readFileSync(join(__dirname, '__fixtures__/heldout', name), 'utf8');
      const ascii = parsePolicyText(text).documents.map(view);
      const printed = parsePolicyText(wide(text)).documents.map(view);
      expect([name, printed.map((d) => d.read)]).toEqual([name, ascii.map((d) => d.read)]);
      expect([name, printed.map((d) => d.texts)]).toEqual([
        name,
        ascii.map((d) => d.texts.map((t) => t && wide(t))),
      ]);
    }
  });

  it('leaves the requirements a cover letter numbers (一、提高思想认识) out of the plan it 印发', () => {
    const d = notice('cover-letter-requirements.txt');
    expect(d.measures.map((m) => [m.number, m.title, m.leadUnits, m.deadline])).toEqual([
      ['1', '推行企业开办全程网办', ['县市场监管局'], '2025-06-30'],
      ['2', '推行“拿地即开工”', ['县住建局'], '2025-09-30'],
    ]);
  });

  it('reads the plan a 转发 notice forwards, not its cover letter, and a month written 九月份', () => {
    const d = notice('forwarded-plan.txt');
    expect(d.docNumber).toBe('示政办〔2025〕12号');
    expect(d.issuedOn).toBe('2025-03-05');
    expect(brief(d)).toEqual([
      {
        number: '1',
        title: '压缩企业开办时间',
        lead: ['市市场监管局'],
        responsible: ['市税务局', '市人社局'],
        deadline: '2025-06-30',
        ongoing: false,
      },
      {
        number: '2',
        title: '推行“拿地即开工”',
        lead: ['市住建局'],
        responsible: ['市自然资源局'],
        deadline: '2025-09-30',
        ongoing: false,
      },
      {
        number: '3',
        title: '优化纳税服务',
        lead: [],
        responsible: ['市税务局'],
        deadline: null,
        ongoing: true,
      },
    ]);
  });

  it('keeps the requirements of a 转发 cover letter (一、…三、) out of the chapters of the notice it forwards', () => {
    const d = notice('forwarded-notice.txt');
    expect(d.docNumber).toBe('示政办〔2025〕20号');
    // the letter prints no date: the forwarded notice's signature (2025年2月10日) is not its 成文日期
    expect(d.issuedOn).toBeNull();
    expect(d.measures.map((m) => [m.number, m.path, m.title, m.deadline])).toEqual([
      ['一', ['一、深化政务服务改革'], '推进“一件事一次办”', '2025-10-31'],
      ['二', ['一、深化政务服务改革'], '推进“免证办”', '2025-12-31'],
      ['三', ['二、提升平台支撑能力'], '完善一体化平台', null],
    ]);
  });

  it('drops the requirements of an unsigned 转发 cover letter, read as a list of their own before the plan', () => {
    const d = notice('forwarded-unsigned.txt');
    expect(d.measures.map((m) => [m.number, m.path, m.title, m.leadUnits])).toEqual([
      ['一', ['一、深化政务服务改革'], '推进“一件事一次办”', ['省政务服务中心']],
      ['二', ['一、深化政务服务改革'], '推进“免证办”', ['省数据局']],
      ['三', ['二、提升平台支撑能力'], '完善一体化平台', []],
    ]);
  });

  it('drops the requirements of both cover letters when a 转发 notice forwards a notice that 印发 a plan', () => {
    const d = notice('forwarded-requirements.txt');
    expect(d.docNumber).toBe('示政办〔2025〕20号');
    expect(d.measures.map((m) => [m.number, m.path, m.title])).toEqual([
      ['一', ['一、深化政务服务改革'], '推进“一件事一次办”'],
      ['二', ['一、深化政务服务改革'], '推进“免证办”'],
      ['三', ['二、提升平台支撑能力'], '完善一体化平台'],
    ]);
  });

  it('keeps 纪委/监委 and 党校/行政学院 one unit each, and reads months without a year (三月份, 9月份前, 明年6月底前)', () => {
    const d = notice('joint-offices-months.txt');
    expect(
      brief(d).map(({ number, lead, responsible, deadline }) => [number, lead, responsible, deadline]),
    ).toEqual([
      ['1', ['市纪委/市监委'], ['市财政局', '市审计局'], '2023-03-31'],
      ['2', [], ['市委党校/市行政学院'], '2023-07-31'],
      ['3', ['县纪委/监委'], ['各乡镇'], '2023-09-30'],
      // 、 splits as the gold rules say, even between the two names of one office
      ['4', [], ['市纪委', '市监委'], '2024-06-30'],
    ]);
  });

  it('reads a tab-separated table whose header takes two rows (责任分工 over 牵头单位/配合单位), repeated after a page break', () => {
    const d = notice('two-row-header.txt');
    expect(d.measures.map((m) => [m.number, m.leadUnits, m.responsibleUnits, m.deadline, m.ongoing])).toEqual(
      [
        ['1', ['县市场监管局'], ['县税务局', '县人社局'], '2025-06-30', false],
        ['2', ['县住建局'], ['县自然资源局'], '2025-09-30', false],
        ['3', ['县财政局'], ['县工信局'], null, true],
      ],
    );
    expect(d.measures.map((m) => m.path)).toEqual([[], [], []]);
  });

  it('reads labels in 【】 (【牵头单位】X【责任单位】Y), labels with 为, and clause lists with their deadline', () => {
    const d = notice('bracket-labels.txt');
    expect(
      brief(d).map(({ number, lead, responsible, deadline }) => [number, lead, responsible, deadline]),
    ).toEqual([
      ['1', ['市政务服务中心'], ['市数据局', '各区县人民政府'], '2025-09-30'],
      ['2', ['市政务服务中心'], ['各区县人民政府'], null],
      ['3', [], ['各区县人民政府', '市直有关部门'], '2025-12-31'],
      ['4', ['市数据局'], ['市公安局', '市市场监管局'], '2025-12-31'],
      ['5', [], ['市市场监管局'], '2025-06-30'],
      // a label in the body ends before the bracket that follows; 负责为 is no label
      ['6', ['市税务局'], ['各区县人民政府'], '2025-12-31'],
      ['7', ['市司法局'], ['市直有关部门'], '2025-09-30'],
      // 办结时限为20个工作日 is no deadline
      ['8', ['市政务服务中心'], [], '2025-10-31'],
    ]);
    // 【…】 around a label is not an unclosed bracket
    expect(d.measures[0].flags.map((f) => f.code)).not.toContain('partial_units');
  });

  it('keeps 各乡镇党委、政府 one unit and reads festival deadlines as the day before the festival', () => {
    const d = notice('festival-deadlines.txt');
    const codes = d.measures.map((m) => m.flags.map((f) => f.code));
    expect(
      d.measures.map((m) => [
        m.number,
        m.leadUnits,
        m.responsibleUnits,
        m.deadlineText,
        m.deadline,
        m.ongoing,
      ]),
    ).toEqual([
      ['1', [], ['各乡镇党委、政府', '县住建局'], '2024年春节前', '2024-02-09', false],
      // no year: the next 春节 after the notice (2023-11-28); the last of two festivals counts
      ['2', ['县商务局'], ['县发改局', '县市场监管局'], '元旦、春节前', '2024-02-09', false],
      // 春节期间 names no day to finish by: no date, and the clerk is told
      ['3', ['县公安局'], ['县交通运输局', '各乡镇党委、人民政府'], '春节期间', null, false],
      ['4', [], ['县消防救援大队', '县开发区党工委、管委会'], '国庆节前', '2024-09-30', false],
    ]);
    expect(codes[1]).toContain('deadline_several_dates');
    expect(codes[2]).toContain('deadline_unreadable');
    // "各乡镇要明确专人负责" in 工作要求 is a requirement, not an assignment
    expect(d.measures).toHaveLength(4);
  });

  it('reads measures once when an attached 任务台账 lists the plan again as a table', () => {
    const d = notice('repeated-task-table.txt');
    // five prose measures, not five plus the six rows of the 台账
    expect(d.measures.map((m) => `${m.number}.${m.title}`).join(' ')).toBe(
      '1.推行项目策划生成 2.深化区域评估 3.推行联合验收 4.推进审批系统互联 5.推广电子证照应用',
    );
    expect(d.measures.map((m) => m.leadUnits.join())).toEqual([
      '省自然资源厅',
      '省发展改革委',
      '省住房城乡建设厅',
      '省政务服务办',
      '省住房城乡建设厅',
    ]);
    expect(d.notes.map((n) => n.code)).toContain('repeated_table_skipped');
    // the 台账's 完成时限 column is what the prose lacks: measure 1 has two rows, the later date counts
    expect(d.measures.map((m) => m.deadline).join(' ')).toBe(
      '2025-09-30 2025-12-31 2025-10-31 2025-08-31 2025-12-31',
    );
  });

  it('carries a skipped 任务清单 row’s deadline and units onto the prose measure it repeats', () => {
    const text = fixture('repeated-table-deadlines.txt');
    const d = notice('repeated-table-deadlines.txt');
    // number lead / responsible / deadline (~ ongoing)
    const row = (m: ParsedMeasure) =>
      `${m.number} ${m.leadUnits.join('、')} / ${m.responsibleUnits.join('、')} / ${m.deadline}${m.ongoing ? ' ~' : ''}`;
    expect(d.measures.map(row)).toEqual([
      // rows 1 and 2: 6月底前 and 9月底前, the latest counts
      '一 市市场监管局 / 市税务局、市公安局 / 2025-09-30',
      // the prose prints its own 完成时限: the table's 9月底前 does not replace it
      '二 市住建局 / 市自然资源局 / 2025-06-30',
      // the prose names its units: the row's 市工信局 is not added; 长期坚持 is ongoing
      '三 市财政局 /  / null ~',
      // no assignment in the prose: the row gives the units too
      '四 市城管局 / 市供电公司、市水务集团 / 2025-10-31',
      // row 6 names both 五 and 六, row 7 neither: they give nothing
      '五 市行政审批局 /  / null',
      '六 市市场监管局 /  / null',
    ]);
    expect(d.notes.map((n) => n.code)).toEqual(['repeated_table_skipped', 'repeated_table_rows_left_out']);
    expect(d.notes[1].message).toContain('第 6、7 行');
    // what comes from the table points into the table: row 2's 完成时限 cell, row 5's unit cells
    const table = text.indexOf('攻坚行动任务清单\n序号');
    const [first, , , fourth] = d.measures;
    const at = (s: { start: number; end: number } | null) => (s ? text.slice(s.start, s.end) : null);
    expect(at(first.spans.deadline)).toBe('2025年9月底前');
    expect(first.spans.deadline!.start).toBeGreaterThan(text.indexOf('\n2\n', table));
    expect(first.spans.leadUnits[0].start).toBeLessThan(table);
    expect(fourth.spans.leadUnits.map(at)).toEqual(['市城管局']);
    expect(fourth.spans.leadUnits[0].start).toBeGreaterThan(text.indexOf('\n5\n', table));
    expect(fourth.spans.responsibleUnits.map(at)).toEqual(['市供电公司', '市水务集团']);
    expect(fourth.flags.map((f) => f.code)).toEqual(['carried_from_repeated_table']);
    expect(first.flags.map((f) => f.code)).toEqual(['deadline_several_dates', 'carried_from_repeated_table']);
  });

  it('keeps a 分工表 that carries the units the prose measures lack', () => {
    // the same notice with its prose brackets taken out: the table is where the assignments are
    const text = readFileSync(join(__dirname, '__fixtures__/heldout', 'repeated-task-table.txt'), 'utf8');
    const [d] = parsePolicyText(text.replace(/（牵头单位：[^）]*）/g, '')).documents;
    expect(d.notes.map((n) => n.code)).not.toContain('repeated_table_skipped');
    expect(d.measures.filter((m) => m.leadUnits.includes('省自然资源厅')).length).toBeGreaterThan(0);
  });

  it('gives the whole group cell to the rows above the break and takes no title from its rest', () => {
    const d = notice('tab-table-cut-group.txt');
    expect(d.measures.map((m) => `${m.number} ${m.path.join(' › ')} | ${m.title}`)).toEqual([
      '1 一、精简审批环节 › 1.推行联合审图 | 推行联合审图',
      // "2.推进分类优" before the break, "化审批流程" after it: one cell
      '2 一、精简审批环节 › 2.推进分类优化审批流程 | 推进分类优化审批流程',
      '3 一、精简审批环节 › 2.推进分类优化审批流程 | 小型项目规划许可与施工许可合并办理',
      '4 一、精简审批环节 › 2.推进分类优化审批流程 | 城市更新项目简化审批',
      '5 二、强化系统支撑 › 3.推广电子证照 | 推广电子证照',
    ]);
  });
});

describe('a tab-separated row cut before its task cell', () => {
  it('joins the cells printed above a page break to the row whose task cell follows it', () => {
    const d = notice('tab-table-cut-row.txt');
    expect(
      brief(d).map(({ title, lead, responsible, deadline }) => ({ title, lead, responsible, deadline })),
    ).toEqual([
      { title: '推行电子证照', lead: ['市住建局'], responsible: ['市数据局'], deadline: '2025-08-31' },
      {
        title: '开展业务培训',
        lead: ['市住建局'],
        responsible: ['市人社局', '各县（区）工程审批制度改革领导小组办公室'],
        deadline: '2025-10-31',
      },
      { title: '推行电子印章', lead: [], responsible: ['市政务服务中心'], deadline: '2025-12-31' },
    ]);
    expect(d.measures.map((m) => m.deadlineText)).toEqual([
      '2025年8月底前',
      '2025年10月底前',
      '2025年12月底前',
    ]);
  });
});

describe('a task table with heading rows and a column of people', () => {
  it('reads heading rows across the table as sections and leaves the 责任人 names out of the units', () => {
    const d = notice('section-rows-person-column.txt');
    expect(d.measures.map((m) => [m.number, m.path, m.title, m.leadUnits, m.responsibleUnits])).toEqual([
      [
        '1',
        ['一、主要经济社会发展指标(牵头领导:张三、李四)'],
        '★地区生产总值增长15%',
        ['区发改局'],
        ['区统计局'],
      ],
      [
        '2',
        ['一、主要经济社会发展指标(牵头领导:张三、李四)'],
        '规上工业增加值增长12%',
        ['区经信局'],
        ['各乡镇'],
      ],
      [
        '3',
        ['二、优化营商环境(牵头领导:钱七)'],
        '深化“一网通办”改革',
        ['区政务服务中心'],
        ['区数据局', '各乡镇'],
      ],
    ]);
  });

  it('reads the 完成时限 cell after the 责任人 cell, a long date cell included', () => {
    const d = notice('section-rows-person-deadline.txt');
    expect(d.measures.map((m) => [m.responsibleUnits, m.deadlineText, m.deadline, m.ongoing])).toEqual([
      [['区统计局'], '2024年6月底前', '2024-06-30', false],
      [['各乡镇'], '2024年12月底前', '2024-12-31', false],
      [['区数据局', '各乡镇'], '长期坚持', null, true],
    ]);
  });

  it('does not take a tab-separated 牵头领导 column for lead units', () => {
    const { documents } = parsePolicyText(
      [
        '示例县人民政府办公室关于印发示例县2025年重点任务清单的通知',
        '示政办〔2025〕3号',
        '示例县人民政府办公室',
        '2025年2月1日',
        '序号\t重点任务\t牵头领导\t责任单位\t完成时限',
        '1\t建成县级数据平台。\t张三\t县数据局\t2025年6月底前',
        '2\t推行企业开办一日办结。\t李四\t县市场监管局、县税务局\t2025年9月底前',
      ].join('\n'),
    );
    expect(documents[0].measures.map((m) => [m.title, m.leadUnits, m.responsibleUnits, m.deadline])).toEqual([
      ['建成县级数据平台', [], ['县数据局'], '2025-06-30'],
      ['推行企业开办一日办结', [], ['县市场监管局', '县税务局'], '2025-09-30'],
    ]);
  });
});

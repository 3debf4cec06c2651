import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyText, type ParsedDocument } from './index';

// Notices written for these tests in styles the seed compilations do not have; the expected
// values were read off the text by the gold rules (../gold/README.md), not copied from the parser.
const notice = (name: string): ParsedDocument => {
  const text = readFileSync(join(__dirname, '__fixtures__/heldout', name), 'utf8');
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
});

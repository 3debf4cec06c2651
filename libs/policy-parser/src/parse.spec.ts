import { parsePolicyText, type ParsedDocument } from './index';
import { goldText, loadGold, seedText } from './test-support';

const only = (text: string, options?: { defaultYear?: number }): ParsedDocument => {
  const { documents } = parsePolicyText(text, options);
  expect(documents).toHaveLength(1);
  return documents[0];
};
const squash = (s: string) => s.replace(/\s+/g, '');

const NOTICE = `1. 测试市人民政府办公室关于印发测试市优化营商环境若干措施的通知（2023 年 5 月 8 日）
测政办字〔2023〕 7 号
各县（市、区）人民政府，市直各部门：
现将《若干措施》印发给你们，请认真贯彻落实。
测试市人民政府办公室
2023 年 5 月 8 日
一、总体要求
（一）指导思想。坚持以人民为中心。（牵头单位：市发改委）
二、重点任务
（一）优化政务服务
1. 推行“一网通办”。8 月底前，完成系统对接。（牵头单位：市行政审批局；责任单位：市直有关部门，各县（市、区）人民政府；完成时
限：6 月底前）
2. 深化“多测合一”。完善制度。
（市自然资源局牵头，市住建局、市林业局等部门按职责分工负责）
3. 推进联合验收。统一标准。〔牵头单位：市住建局；配合单位：市商务局等市直（驻市）进驻单位，各县（市、区）人民政府；完成时限：2023年12月底前〕
4. 规范中介服务。清理收费。牵头单位：市发改委。责任单位：市市场监管局、市财政局。完成时限：长期坚持。
5. 强化监管。持续开展检查，常态化推进。(责任单位: 市监局, 司法局, 法院)
三、保障措施
（一）强化统筹协调。各部门每月底前报送进展。（牵头单位：市政府办）
`;

describe('prose measures', () => {
  const doc = only(NOTICE);

  it('reads the heading metadata', () => {
    expect(doc.title).toBe('测试市人民政府办公室关于印发测试市优化营商环境若干措施的通知');
    expect(doc.issuer).toBe('测试市人民政府办公室');
    expect(doc.docNumber).toBe('测政办字〔2023〕7号');
    expect(doc.issuedOn).toBe('2023-05-08');
    expect(doc.region).toBe('测试市');
  });

  it('reads a signature wrapped over two lines, without its （代章） seal mark, as the issuer', () => {
    const signed = only(
      [
        '关于印发全县2024年农村人居环境整治工作方案的通知',
        '各乡镇人民政府：',
        '现将方案印发给你们。',
        '县农村人居环境整治与乡村建设',
        '工作领导小组办公室（代章）',
        '2024年3月2日',
        '1.开展村庄清洁行动。（责任单位：各乡镇人民政府）',
      ].join('\n'),
    );
    expect(signed.issuer).toBe('县农村人居环境整治与乡村建设工作领导小组办公室');
    expect(signed.region).toBeNull();
  });

  it('skips 总体要求 and 保障措施 and keeps paths, but not an item there that carries its own assignment', () => {
    expect(doc.measures.map((m) => m.number)).toEqual(['1', '2', '3', '4', '5', '一']);
    expect(doc.measures[5].leadUnits).toEqual(['市政府办']);
    expect(doc.measures[0].path).toEqual(['二、重点任务', '（一）优化政务服务']);
    expect(doc.measures[0].title).toBe('推行“一网通办”');
  });

  it('reads a label split across lines, and takes the deadline from the assignment, not the body', () => {
    const m = doc.measures[0];
    expect(m.leadUnits).toEqual(['市行政审批局']);
    expect(m.responsibleUnits).toEqual(['市直有关部门', '各县（市、区）人民政府']);
    expect(m.deadlineText).toBe('6月底前');
    expect(m.deadline).toBe('2023-06-30');
    expect(m.warnings).toContain('“市直有关部门”为泛指单位，请选择具体单位');
  });

  it('reads "X牵头，Y按职责分工负责" and drops the bare 等部门', () => {
    expect(doc.measures[1].leadUnits).toEqual(['市自然资源局']);
    expect(doc.measures[1].responsibleUnits).toEqual(['市住建局', '市林业局']);
    expect(doc.measures[1].deadline).toBeNull();
  });

  it('reads 〔…〕 assignments with nested brackets and X等Y', () => {
    const m = doc.measures[2];
    expect(m.responsibleUnits).toEqual(['市商务局', '市直（驻市）进驻单位', '各县（市、区）人民政府']);
    expect(m.deadline).toBe('2023-12-31');
  });

  it('reads labels written as sentences and ongoing deadlines', () => {
    const m = doc.measures[3];
    expect(m.leadUnits).toEqual(['市发改委']);
    expect(m.responsibleUnits).toEqual(['市市场监管局', '市财政局']);
    expect(m).toMatchObject({ deadlineText: '长期坚持', deadline: null, ongoing: true });
  });

  it('does not take 持续/常态化 in the body as ongoing; reads half-width labels with spaces', () => {
    const m = doc.measures[4];
    expect(m.ongoing).toBe(false);
    expect(m.responsibleUnits).toEqual(['市监局', '司法局', '法院']);
    expect(m.leadUnits).toEqual([]);
  });

  it('maps units, titles and deadlines back to the input', () => {
    for (const m of doc.measures) {
      if (m.spans.title) expect(squash(NOTICE.slice(m.spans.title.start, m.spans.title.end))).toBe(m.title);
      m.leadUnits.forEach((u, i) =>
        expect(squash(NOTICE.slice(m.spans.leadUnits[i].start, m.spans.leadUnits[i].end))).toBe(u),
      );
      m.responsibleUnits.forEach((u, i) =>
        expect(squash(NOTICE.slice(m.spans.responsibleUnits[i].start, m.spans.responsibleUnits[i].end))).toBe(
          u,
        ),
      );
      if (m.spans.deadline)
        expect(squash(NOTICE.slice(m.spans.deadline.start, m.spans.deadline.end))).toBe(m.deadlineText);
      expect(NOTICE.slice(m.spans.measure.start, m.spans.measure.start + 4)).toContain(m.number);
    }
  });
});

describe('PDF-extracted layout', () => {
  it('joins a measure broken by a page marker and a blank line, and a bare number with its title on the next line', () => {
    const text = `二、主要任务
（一）
推进线上线下融
合。建立机制。（完成时

# Page 12:
限：3 月底前）
（二）推进“双随
机、一公开”。加强监管。
（完成时限：4 月底前）`;
    const doc = only(text, { defaultYear: 2023 });
    expect(doc.measures.map((m) => [m.number, m.title, m.deadline])).toEqual([
      ['一', '推进线上线下融合', '2023-03-31'],
      ['二', '推进“双随机、一公开”', '2023-04-30'],
    ]);
    expect(doc.measures[0].body).not.toContain('Page');
  });

  it('reads flattened table rows, including one cut by a page break with a repeated header', () => {
    const text = `天津市责任清单
序号
重点任务
主要内容
牵头部门
责任单位
1
1.优化企业开
办服务
推进电子营业执照在市公共资源
交易平台中的应用。
市市场监管委
市政务服务办、市委
网信办、市大数据管
理中心
2
持续实施轨道建设项目审批和重
大变更审批政策。执行《天津市轨
市住房城乡建
设委、市发展
改革委
市规划资源局、市财
政局、市交通运输委、
市城市管理委、市水

# Page 141:
序号
重点任务
主要内容
牵头部门
责任单位
设计变更管理办法》
和轨道建设项
目审批优化措施，提升审批效率。
务局
3
持续推进全市数据共享开放工作。市委网信办
市大数据管理中心等
市级有关单位
4
深化营商环境投诉查处快速反应
机制，充实服务企业家专席数量。
市政务服务办
—`;
    const doc = only(text);
    expect(
      doc.measures.map((m) => ({
        n: m.number,
        path: m.path,
        t: m.title,
        l: m.leadUnits,
        r: m.responsibleUnits,
      })),
    ).toEqual([
      {
        n: '1',
        path: ['1.优化企业开办服务'],
        t: '优化企业开办服务',
        l: ['市市场监管委'],
        r: ['市政务服务办', '市委网信办', '市大数据管理中心'],
      },
      {
        n: '2',
        path: ['1.优化企业开办服务'],
        t: '持续实施轨道建设项目审批和重大变更审批政策',
        l: ['市住房城乡建设委', '市发展改革委'],
        r: ['市规划资源局', '市财政局', '市交通运输委', '市城市管理委', '市水务局'],
      },
      {
        n: '3',
        path: ['1.优化企业开办服务'],
        t: '持续推进全市数据共享开放工作',
        l: ['市委网信办'],
        r: ['市大数据管理中心', '市级有关单位'],
      },
      {
        n: '4',
        path: ['1.优化企业开办服务'],
        t: '深化营商环境投诉查处快速反应机制',
        l: ['市政务服务办'],
        r: [],
      },
    ]);
    expect(doc.measures[1].body).toContain('设计变更管理办法》和轨道建设项目审批优化措施');
    expect(doc.measures[1].body).not.toMatch(/序号|Page/);
  });

  it('reads a number printed with a doubled dot, so the numbering carries on after it', () => {
    const text = `太原市行动方案
一、重点任务
(一)着力打造法治环境
1.全面贯彻优化营商环境条例。落实条例。(市司法局牵头)
2.持续优化政策供给。清理文件。(市司法局牵头)
3..全面落实公平竞争审查制度。开展审查。(市市场监管局牵头)
4.建立健全政策评估制度。开展评估。(市司法局牵头)
(二)着力打造政务环境
5.持续深化行政审批制度改革。推行清单管理。(市审批服务管理局牵头)`;
    const doc = only(text);
    expect(doc.measures.map((m) => [m.number, m.title, m.leadUnits])).toEqual([
      ['1', '全面贯彻优化营商环境条例', ['市司法局']],
      ['2', '持续优化政策供给', ['市司法局']],
      ['3', '全面落实公平竞争审查制度', ['市市场监管局']],
      ['4', '建立健全政策评估制度', ['市司法局']],
      ['5', '持续深化行政审批制度改革', ['市审批服务管理局']],
    ]);
    expect(doc.measures[4].path).toEqual(['一、重点任务', '(二)着力打造政务环境']);
  });

  it('takes a short heading line with no full stop as the title, but not a line the PDF wrapped', () => {
    const text = `二、主要任务
（一）营造充满活力的市场环境
1.持续深化商事制度改革
一是深化“一业一证”改革，探索将试点范围向生产性服务领域延伸，不断扩展企业自
主选择办理事项范围。二是深化“首席审批师”改革，继续在工程建设和准入准营两大领域
扩大办理事项范围，提高审批效率。
2.强化线下“全区通办”窗口支撑
各级政务服务中心“跨省通办”窗口加挂“全区通办”标识，纳入“综窗”统一管理。
3.推进商圈智慧化基础设施升级。针对商业设施数字基础设施升级缺乏配建标准的问题，
研究细化基础设施技术标准和室内分布系统建设标
准。（市通信管理局负责）
4.推进
“一件事一次办”改革。整合事项。（市政务服务局负责）`;
    const doc = only(text);
    expect(doc.measures.map((m) => m.title)).toEqual([
      '持续深化商事制度改革',
      '强化线下“全区通办”窗口支撑',
      '推进商圈智慧化基础设施升级',
      '推进“一件事一次办”改革',
    ]);
    expect(doc.measures[0].body).toContain('一是深化“一业一证”改革');
  });

  it('does not cut a paragraph that a stray blank line broke after a long first part', () => {
    const text = `宜春市实施方案

1. 提高投资和建设审批效率。

（1）依托推进有效投资重要项目协调机制，加强部门协同，建立重大投资项目部门集

中联合办公、手续并联办理机制，建立投资主管部门与金融机构投融资信息对接机制，高效保障重要项目尽快落地。（市发改委牵头，市直相关单位及各地区按职责分工负责）`;
    const [m] = only(text).measures;
    expect(m.title).toBe(
      '依托推进有效投资重要项目协调机制，加强部门协同，建立重大投资项目部门集中联合办公、手续并联办理机制，建立投资主管部门与金融机构投融资信息对接机制，高效保障重要项目尽快落地',
    );
    expect(m.leadUnits).toEqual(['市发改委']);
  });

  it('skips 实施目标 and 发展背景 sections', () => {
    const text = `忻州市实施方案
一、实施目标
坚持以人民为中心的发展思想。
二、发展背景
（一）发展基础。我市已建成热线平台。
三、重点任务
（一）健全移交转办机制。及时移交事项。（牵头单位：市政务服务局）`;
    const doc = only(text);
    expect(doc.measures.map((m) => [m.number, m.title])).toEqual([['一', '健全移交转办机制']]);
  });

  it('reads "责任单位：X牵头；Y落实" as X leading and Y responsible', () => {
    const text = `二、重点任务
（一）梳理可用证照清单。全面梳理证照。（责任单位：市政务大数据局牵头；各县（市、区）人民政府，平原示范区、新乡经开区管委会，市直各相关部门落实）
（二）强化信用条例实施。开展宣传。（责任单位：省发展改革委、市场监管局牵头，省各有关部门按职责分工负责）
（三）推进产业链招商。精准招商。（责任单位：市“7+18+N”产业体系中各产业链牵头单位）`;
    const doc = only(text);
    expect(doc.measures.map((m) => [m.leadUnits, m.responsibleUnits])).toEqual([
      [['市政务大数据局'], ['各县（市、区）人民政府', '平原示范区', '新乡经开区管委会', '市直各相关部门']],
      [['省发展改革委', '市场监管局'], ['省各有关部门']],
      [[], ['市“7+18+N”产业体系中各产业链牵头单位']],
    ]);
  });

  it('leaves milestone dates in the body out of the deadline', () => {
    const [d] = loadGold().filter((g) => g.file === 'D.json');
    const doc = only(goldText(d));
    expect(doc.measures.find((m) => m.number === '12')?.deadline).toBeNull();
  });
});

describe('compilations', () => {
  it.each([
    ['000_489f5516810d9fc7.txt', 6],
    ['001_7eedf04fc13e7b78.txt', 27],
    ['002_ba436b268f0d0e0f.txt', 33],
    ['003_1e5fcf60fbcfcc5f.txt', 10],
    ['004_b023c3b210690a08.txt', 1],
  ])('%s holds %i documents', (file, count) => {
    const text = seedText(file);
    const { documents } = parsePolicyText(text);
    expect(documents).toHaveLength(count);
    // documents follow each other without overlap
    documents.slice(1).forEach((d, i) => expect(d.span.start).toBeGreaterThanOrEqual(documents[i].span.end));
    for (const d of documents) expect(d.title).toMatch(/通知|意见|方案|措施|公告|办法/);
  });

  it('does not take attachment list numbers for document headings (I ends before the next notice)', () => {
    const text = seedText('001_7eedf04fc13e7b78.txt');
    const docs = parsePolicyText(text).documents;
    const i = docs.findIndex((d) => d.docNumber === '通政办字〔2023〕26号');
    expect(docs[i].measures).toHaveLength(12);
    expect(docs[i + 1].docNumber).toBe('通党办发〔2023〕1号');
  });

  it('reads a stand-alone markdown notice', () => {
    const doc = only(seedText('004_b023c3b210690a08.txt'));
    expect(doc).toMatchObject({ docNumber: '保营商〔2023〕2号', issuedOn: '2023-02-15', region: '保定市' });
    expect(doc.title).toBe('保定市优化营商环境领导小组关于印发《保定市优化营商环境专项行动方案》的通知');
    expect(doc.measures[0]).toMatchObject({ number: '1', title: '提升全流程电子化交易水平' });
    expect(doc.measures.every((m) => m.leadUnits.length + m.responsibleUnits.length > 0)).toBe(true);
  });
});

describe('assignments and articles outside the usual shapes', () => {
  const head = (title: string, number: string) => `${title}
${number}
各乡镇人民政府，县直各单位：
现将有关事项通知如下。
样例县人民政府办公室
2025年3月2日
`;

  it('reads "X负责。" and "X、Y负责。" sentences after the measure, with a deadline sentence of their own', () => {
    const doc = only(
      head('样例县人民政府办公室关于推进便民服务的通知', '样政办〔2025〕2号') +
        `1.推广证照电子化应用，电子证照调用量稳步提升。县数据局负责。2025年9月底前完成。
2.健全工作调度机制。县政府负责统筹协调各项工作。
3.整合基层便民服务窗口。县民政局、县人社局负责。长期推进。
`,
    );
    const brief = doc.measures.map((m) => [m.leadUnits, m.responsibleUnits, m.deadline, m.ongoing]);
    expect(brief).toEqual([
      [[], ['县数据局'], '2025-09-30', false],
      // prose about what a unit does is not an assignment
      [[], [], null, false],
      [[], ['县民政局', '县人社局'], null, true],
    ]);
    expect(doc.measures[0].title).toBe('推广证照电子化应用，电子证照调用量稳步提升');
  });

  it('takes the latest of the dates that several clauses give, and flags it only when they differ', () => {
    const doc = only(
      head('样例县人民政府办公室关于推进证照改革的通知', '样政办〔2025〕4号') +
        `1.推进“一照多址”改革。试点备案经营场所。（责任单位：县行政审批局，完成时限：2025年2月）推行“一证通用”。（责任单位：县行政审批局，完成时限：2025年底前）
2.推进“两证联办”。整合审批事项。（牵头单位：县行政审批局；完成时限：2025年底前）统一受理。（责任单位：县市场监管局；完成时限：2025年12月底前）
`,
    );
    const [differ, agree] = doc.measures;
    expect([differ.deadlineText, differ.deadline]).toEqual(['2025年底前', '2025-12-31']);
    expect(differ.flags.map((f) => f.code)).toEqual(['deadline_several_dates']);
    expect(differ.warnings[0]).toContain('2025年2月；2025年底前');
    expect(differ.confidence).toBeLessThan(1);
    // 年底前 and 12月底前 are the same day: nothing to check
    expect(agree.deadline).toBe('2025-12-31');
    expect(agree.flags).toEqual([]);
  });

  it('flags the two deadlines of 保定 measure 13 (2023年2月 in the middle, 2023年底前 at the end)', () => {
    const m13 = only(seedText('004_b023c3b210690a08.txt')).measures.find((m) => m.number === '13');
    expect(m13).toMatchObject({ deadlineText: '2023年底前', deadline: '2023-12-31' });
    expect(m13?.flags.map((f) => f.code)).toContain('deadline_several_dates');
  });

  it('keeps only the articles of a regulation that assign work, and says how many it left out', () => {
    const doc = only(
      head('样例县人民政府办公室关于印发样例县便民服务管理规定的通知', '样政办〔2025〕3号') +
        `样例县便民服务管理规定
第一条 为提升便民服务水平，制定本规定。
第二条 建立便民服务事项目录，每年更新一次。（牵头单位：县数据局；完成时限：2025年10月底前）
第三条 本规定所称便民服务，是指面向群众的公共服务。
第四条 本规定自发布之日起施行。
`,
    );
    expect(doc.measures.map((m) => [m.number, m.leadUnits, m.deadline])).toEqual([
      ['二', ['县数据局'], '2025-10-31'],
    ]);
    expect(doc.notes.map((n) => n.code)).toContain('procedural_no_measures');
    expect(doc.warnings.join()).toContain('3 条未向任何单位分派任务');
  });
});

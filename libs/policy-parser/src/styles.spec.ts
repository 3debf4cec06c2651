import { parsePolicyText, type ParsedDocument, type ParsedMeasure } from './index';

// Schematic notices, one style each (made-up units). A heading line and a number line make each a
// stand-alone document.
const HEAD =
  '测试市人民政府办公室关于印发测试市若干措施的通知\n测政办〔2024〕1号\n测试市人民政府办公室\n2024年3月1日\n';
const doc = (body: string): ParsedDocument => {
  const { documents } = parsePolicyText(HEAD + body);
  expect(documents).toHaveLength(1);
  return documents[0];
};
const units = (m: ParsedMeasure) => ({ lead: m.leadUnits, responsible: m.responsibleUnits });
const codes = (m: ParsedMeasure) => m.flags.map((f) => f.code);

describe('assignments recognised by what they say', () => {
  it('reads role words in every bracket kind', () => {
    const d = doc(
      [
        '1. 甲事项。做好甲。【市甲局负责】',
        '2. 乙事项。做好乙。[市乙局主办，市丙局协办]',
        '3. 丙事项。做好丙。〔由市丁局负责〕',
        '4. 丁事项。做好丁。(市戊局、市己局按职责分工负责)',
        '5. 戊事项。做好戊。（市庚局会同市辛局负责）',
        '6. 己事项。做好己。（市壬局牵头负责，市癸局参与）',
        '7. 庚事项。做好庚。（市子局、市丑局分别负责）',
      ].join('\n'),
    );
    expect(d.measures.map(units)).toEqual([
      { lead: [], responsible: ['市甲局'] },
      { lead: ['市乙局'], responsible: ['市丙局'] },
      { lead: [], responsible: ['市丁局'] },
      { lead: [], responsible: ['市戊局', '市己局'] },
      { lead: ['市庚局'], responsible: ['市辛局'] },
      { lead: ['市壬局'], responsible: ['市癸局'] },
      { lead: [], responsible: ['市子局', '市丑局'] },
    ]);
  });

  it('reads a lead marked inside a list, 负总责 and 为牵头单位', () => {
    const d = doc(
      [
        '1. 甲事项。做好甲。（责任单位：市甲局（牵头）、市乙局）',
        '2. 乙事项。做好乙。（市丙局负总责，市丁局具体负责）',
        '3. 丙事项。做好丙。（市戊局为牵头单位，市己局为配合单位）',
      ].join('\n'),
    );
    expect(d.measures.map(units)).toEqual([
      { lead: ['市甲局'], responsible: ['市乙局'] },
      { lead: ['市丙局'], responsible: ['市丁局'] },
      { lead: ['市戊局'], responsible: ['市己局'] },
    ]);
  });

  it('reads an assignment written as a closing sentence without brackets', () => {
    const d = doc(
      '1. 推进甲。加快推进甲工作。市甲局牵头，市乙局配合。\n2. 推进乙。加快推进乙工作。由市丙局负责。',
    );
    expect(d.measures.map(units)).toEqual([
      { lead: ['市甲局'], responsible: ['市乙局'] },
      { lead: [], responsible: ['市丙局'] },
    ]);
  });

  it('merges several clauses of one measure and keeps the latest deadline', () => {
    const d = doc(
      '1. 优化服务。（1）建设平台。（市甲局负责，2024年6月底前）（2）完善制度。（市乙局牵头，市丙局配合，2024年9月底前）',
    );
    expect(units(d.measures[0])).toEqual({ lead: ['市乙局'], responsible: ['市甲局', '市丙局'] });
    expect(d.measures[0].deadline).toBe('2024-09-30');
  });

  it('reads labelled fields that are not units as such, and flags text left over', () => {
    const d = doc(
      '1. 出台细则。（牵头单位：市甲局；完成标准：出台实施细则；完成时限：2024年底）\n2. 清理证明。（市乙局负责，做到应减尽减）',
    );
    expect(units(d.measures[0])).toEqual({ lead: ['市甲局'], responsible: [] });
    expect(d.measures[0].deadline).toBe('2024-12-31');
    expect(units(d.measures[1])).toEqual({ lead: [], responsible: ['市乙局'] });
    expect(codes(d.measures[1])).toContain('assignment_leftover_text');
  });

  it('applies an assignment printed once after a group to the members without one', () => {
    const d = doc(
      [
        '一、优化准入',
        '1. 放宽准入。落实负面清单。',
        '2. 简化登记。压缩登记时间。',
        '（市甲局牵头，市乙局配合）',
        '二、优化审批',
        '3. 推行承诺制。扩大告知承诺范围。（市丙局负责）',
        '4. 推行容缺受理。明确容缺事项。（市丁局负责）',
      ].join('\n'),
    );
    expect(d.measures.map(units)).toEqual([
      { lead: ['市甲局'], responsible: ['市乙局'] },
      { lead: ['市甲局'], responsible: ['市乙局'] },
      { lead: [], responsible: ['市丙局'] },
      { lead: [], responsible: ['市丁局'] },
    ]);
    expect(codes(d.measures[0])).toContain('assignment_shared_from_group');
    expect(codes(d.measures[1])).not.toContain('assignment_shared_from_group');
  });

  it('applies an assignment on a group heading to its members', () => {
    const d = doc(
      '（一）提升服务（牵头单位：市甲局）\n1. 推行网办。提升网办率。\n2. 推行帮办。建立帮办队伍。（市乙局负责）',
    );
    expect(d.measures.map(units)).toEqual([
      { lead: ['市甲局'], responsible: [] },
      { lead: [], responsible: ['市乙局'] },
    ]);
  });

  it('flags a measure without units among siblings that have them', () => {
    const d = doc(
      '1. 甲。做甲。（市甲局负责）\n2. 乙。做乙。（市乙局负责）\n3. 丙。做丙。\n4. 丁。做丁。（市丁局负责）',
    );
    expect(codes(d.measures[2])).toContain('no_units_where_siblings_have');
    expect(d.measures[2].confidence).toBeLessThan(d.measures[0].confidence);
  });

  it('flags a deadline before the document date', () => {
    const d = doc('1. 甲。做甲。（市甲局负责，完成时限：2023年12月底前）');
    expect(codes(d.measures[0])).toContain('deadline_before_document');
  });
});

describe('outline', () => {
  it('reads 第X条 articles with the body on the same line, under 第X章 chapters', () => {
    const d = doc(
      '第一章 总则\n第一条 为规范工作，制定本办法。\n第二章 任务\n第二条 建立台账。逐项销号管理。（市甲局负责）\n第三条 定期通报。每季度通报一次。（市乙局负责）',
    );
    expect(d.measures.map((m) => [m.number, m.title, m.path])).toEqual([
      ['二', '建立台账', ['第二章任务']],
      ['三', '定期通报', ['第二章任务']],
    ]);
  });

  it('reads ①, 1) and bold-numbered items', () => {
    expect(
      doc('①推进甲。做甲。（市甲局负责）\n②推进乙。做乙。（市乙局负责）').measures.map((m) => m.number),
    ).toEqual(['①', '②']);
    expect(
      doc('1) 推进甲。做甲。（市甲局负责）\n2) 推进乙。做乙。（市乙局负责）').measures.map((m) => m.title),
    ).toEqual(['推进甲', '推进乙']);
    expect(
      doc('**1. 推进甲。**做甲。（市甲局负责）\n**2. 推进乙。**做乙。（市乙局负责）').measures.map(
        (m) => m.title,
      ),
    ).toEqual(['推进甲', '推进乙']);
  });

  it('takes a number printed without its punctuation when the sequence shows it', () => {
    const d = doc('1. 推进甲。做甲。\n2. 推进乙。做乙。\n3 推进丙。做丙。\n4. 推进丁。做丁。');
    expect(d.measures.map((m) => [m.number, m.title])).toEqual([
      ['1', '推进甲'],
      ['2', '推进乙'],
      ['3', '推进丙'],
      ['4', '推进丁'],
    ]);
  });

  it('keeps a line-initial （1） inside an item as part of that item', () => {
    const d = doc(
      '1. 推进甲。做甲。（市甲局负责）\n2. 推进乙。做乙。\n（1）建设平台。（市乙局负责）\n（2）完善制度。（市丙局负责）\n3. 推进丙。做丙。（市丁局负责）',
    );
    expect(d.measures.map((m) => m.number)).toEqual(['1', '2', '3']);
    expect(units(d.measures[1])).toEqual({ lead: [], responsible: ['市乙局', '市丙局'] });
  });

  it('chooses the measure level per section', () => {
    const d = doc(
      [
        '一、重点任务',
        '（一）优化准入',
        '1. 放宽准入。做甲。（市甲局负责）',
        '2. 简化登记。做乙。（市乙局负责）',
        '（二）优化审批',
        '1. 推行承诺制。做丙。（市丙局负责）',
        '二、配套措施',
        '（一）完善政策。做丁。（市丁局负责）',
        '（二）强化宣传。做戊。（市戊局负责）',
      ].join('\n'),
    );
    expect(d.measures.map((m) => [m.number, m.title])).toEqual([
      ['1', '放宽准入'],
      ['2', '简化登记'],
      ['1', '推行承诺制'],
      ['一', '完善政策'],
      ['二', '强化宣传'],
    ]);
  });

  it('reads a run-in heading as a heading, not a measure that swallows its items', () => {
    const d = doc(
      '（一）产业提升行动计划。围绕重点产业，实施如下重点项目：\n1. 建设甲园区。（市甲局负责）\n2. 建设乙园区。（市乙局负责）',
    );
    expect(d.measures.map((m) => [m.number, m.path])).toEqual([
      ['1', ['（一）产业提升行动计划']],
      ['2', ['（一）产业提升行动计划']],
    ]);
  });

  it('recognises a closing chapter of safeguards by its content', () => {
    const d = doc(
      [
        '一、优化服务',
        '（一）推进甲。做甲。（市甲局负责）',
        '（二）推进乙。做乙。（市乙局负责）',
        '二、优化监管',
        '（一）推进丙。做丙。（市丙局负责）',
        '三、凝聚工作合力',
        '（一）压实责任。各地要加强领导。',
        '（二）强化督导。定期开展督查。',
      ].join('\n'),
    );
    expect(d.measures.map((m) => m.title)).toEqual(['推进甲', '推进乙', '推进丙']);
  });

  it('flags a gap in the numbering and keeps reading', () => {
    const d = doc(
      '1. 推进甲。做甲。（市甲局负责）\n2. 推进乙。做乙。（市乙局负责）\n4. 推进丁。做丁。（市丁局负责）\n5. 推进戊。做戊。（市戊局负责）',
    );
    expect(d.measures.map((m) => m.number)).toEqual(['1', '2', '4', '5']);
    expect(codes(d.measures[2])).toContain('numbering_gap');
  });
});

describe('text copied from a web page (one paragraph a line)', () => {
  it('reads a task table whose cells stand apart on blank lines under spaced-out header words', () => {
    const d = doc(
      [
        '附件',
        '',
        '序号',
        '',
        '主  要  工  作  任  务',
        '',
        '责 任 单 位',
        '',
        '1',
        '',
        '生产总值增长6%左右。',
        '',
        '甲改局',
        '',
        '2',
        '',
        '服务业增加值增长5.5%。',
        '',
        '甲改局(服务业发展局)',
      ].join('\n'),
    );
    expect(d.measures.map((m) => [m.number, m.title, m.leadUnits, m.responsibleUnits])).toEqual([
      ['1', '生产总值增长6%左右', [], ['甲改局']],
      ['2', '服务业增加值增长5.5%', [], ['甲改局(服务业发展局)']],
    ]);
  });

  it('restarts a list at 一、 after a long heading line with no full stop', () => {
    const d = doc(
      [
        // whole paragraphs on a line: the heading below is far shorter than a full line
        '现将《2024年区〈政府工作报告〉确定的主要目标任务责任分解方案》印发给你们,并就有关事项通知如下:',
        '一、各责任单位要高度重视,切实加强领导,对照目标任务制订工作方案,明确责任,明确措施,明确时间节点,狠抓落实,并于2024年1月15日前将工作方案报区人民政府办公室。',
        '二、从2024年第一季度开始,各责任单位要在每季度最后一个月的30日前将本季度落实各项工作目标任务进展情况报区人民政府办公室,区人民政府办公室将全程跟踪督办。',
        '测试市人民政府办公室',
        '2024年3月1日',
        '2024年区《政府工作报告》确定的主要目标任务责任分解方案',
        '一、2024年全区经济社会发展的主要预期目标',
        '(一)地区生产总值增长7%以上',
        '责任单位:区甲局',
        '(二)规上工业增加值增长12%以上',
        '责任单位:区乙局',
      ].join('\n'),
    );
    expect(d.measures.map((m) => [m.number, m.path, m.title, m.responsibleUnits])).toEqual([
      ['一', ['一、2024年全区经济社会发展的主要预期目标'], '地区生产总值增长7%以上', ['区甲局']],
      ['二', ['一、2024年全区经济社会发展的主要预期目标'], '规上工业增加值增长12%以上', ['区乙局']],
    ]);
  });

  it('takes the issuer from the signature when the title leaves its place out', () => {
    const { documents } = parsePolicyText(
      '区人民政府办公室关于印发测试方案的通知\n测政办〔2024〕1号\n测试区人民政府办公室\n2024年3月1日\n1. 做好甲。（责任单位：区甲局）',
    );
    expect(documents[0].issuer).toBe('测试区人民政府办公室');
  });
});

import { splitUnitList } from './index';
import { isGenericUnit, looksLikeUnit, splitSpacedUnits } from './units';

describe('splitUnitList', () => {
  it('splits on 、，,；;/ and removes whitespace and line breaks', () => {
    expect(splitUnitList('市 住建局、市财政局，市行政服务中心;市自然资源局；市大数据中心')).toEqual([
      '市住建局',
      '市财政局',
      '市行政服务中心',
      '市自然资源局',
      '市大数据中心',
    ]);
    expect(splitUnitList('市住房城乡建\n设委、市发展\n改革委')).toEqual(['市住房城乡建设委', '市发展改革委']);
    expect(splitUnitList('市金融办/市财政局／市税务局')).toEqual(['市金融办', '市财政局', '市税务局']);
  });

  it('splits on / only between whole names: a level list or a name written with / stays one unit', () => {
    expect(splitUnitList('各县/市/区人民政府')).toEqual(['各县/市/区人民政府']);
    expect(splitUnitList('各市/州、县/市/区人民政府')).toEqual(['各市/州、县/市/区人民政府']);
    expect(splitUnitList('市发展改革委，各县/市/区人民政府')).toEqual(['市发展改革委', '各县/市/区人民政府']);
    expect(splitUnitList('县纪委/监委、县财政局')).toEqual(['县纪委/监委', '县财政局']);
    expect(splitUnitList('市金融办/市财政局负责')).toEqual(['市金融办', '市财政局']);
  });

  it('does not split 和/与 before a head noun with no place of its own (各级党委和政府)', () => {
    expect(splitUnitList('各县（市、区）党委和政府，市直有关部门')).toEqual([
      '各县（市、区）党委和政府',
      '市直有关部门',
    ]);
    expect(splitUnitList('各级党委和人民政府')).toEqual(['各级党委和人民政府']);
    expect(splitUnitList('市委和市政府')).toEqual(['市委', '市政府']);
  });

  it.each([
    ['各县（市、区）党委、政府，市应急局', ['各县（市、区）党委、政府', '市应急局']],
    ['各开发区党工委、管委会按职责分工负责', ['各开发区党工委、管委会']],
    ['各乡镇党委、人民政府、市民政局', ['各乡镇党委、人民政府', '市民政局']],
    // a head with its own place, or any other name, is a unit of its own
    ['市委、市政府', ['市委', '市政府']],
    ['市市场监管局、住建局', ['市市场监管局', '住建局']],
  ])('keeps a bare head after 、 with the place printed before the first: %s', (list, want) => {
    expect(splitUnitList(list)).toEqual(want);
  });

  it('keeps one office under two names (纪委/监委, 党校/行政学院) as one unit, as printed', () => {
    expect(splitUnitList('市纪委/市监委、市财政局')).toEqual(['市纪委/市监委', '市财政局']);
    expect(splitUnitList('市委党校/市行政学院')).toEqual(['市委党校/市行政学院']);
    expect(splitUnitList('市纪委/市监委/市审计局')).toEqual(['市纪委/市监委', '市审计局']);
    expect(splitUnitList('市纪委监委，市财政局')).toEqual(['市纪委监委', '市财政局']);
  });

  it('does not split inside brackets or quotes, whatever their width', () => {
    expect(splitUnitList('市直有关部门，各县(市、区)人民政府')).toEqual([
      '市直有关部门',
      '各县(市、区)人民政府',
    ]);
    expect(splitUnitList('各县（市、区）人民政府')).toEqual(['各县（市、区）人民政府']);
    expect(splitUnitList('市“双随机、一公开”监管联席会议有关成员单位')).toEqual([
      '市“双随机、一公开”监管联席会议有关成员单位',
    ]);
  });

  it('splits "X等Y" into X and the group Y, keeping the group\'s inner brackets', () => {
    expect(splitUnitList('市大数据管理中心等市级有关单位，各区人民政府')).toEqual([
      '市大数据管理中心',
      '市级有关单位',
      '各区人民政府',
    ]);
    expect(splitUnitList('市公安局、市商务局等市直（驻市）进驻政务服务大厅单位')).toEqual([
      '市公安局',
      '市商务局',
      '市直（驻市）进驻政务服务大厅单位',
    ]);
  });

  it('keeps 等 inside words and drops a bare 等部门 with its verb tail', () => {
    expect(splitUnitList('市高等教育局')).toEqual(['市高等教育局']);
    expect(splitUnitList('市应急局、市林业局等部门按照职能负责')).toEqual(['市应急局', '市林业局']);
    expect(splitUnitList('市人社局、市财政局等单位及各地按职责分工负责')).toEqual([
      '市人社局',
      '市财政局',
      '各地',
    ]);
  });

  it('splits on 和 between two complete names, but not inside a name or before a bare 单位', () => {
    expect(splitUnitList('省服务业发展领导小组成员单位和各市人民政府')).toEqual([
      '省服务业发展领导小组成员单位',
      '各市人民政府',
    ]);
    expect(splitUnitList('省法院、贸促会和郑州市政府')).toEqual(['省法院', '贸促会', '郑州市政府']);
    expect(splitUnitList('市人力资源和社会保障局、市房地产市场和产权交易管理中心')).toEqual([
      '市人力资源和社会保障局',
      '市房地产市场和产权交易管理中心',
    ]);
    expect(splitUnitList('市发改委、市供电公司等相关部门和单位及各地按职责分工负责')).toEqual([
      '市发改委',
      '市供电公司',
      '相关部门和单位',
      '各地',
    ]);
  });

  it('handles mixed separators with spaces', () => {
    expect(splitUnitList('经开区,人社局,金融服务中心、大唐新区')).toEqual([
      '经开区',
      '人社局',
      '金融服务中心',
      '大唐新区',
    ]);
    expect(splitUnitList(' 市监局, 司法局, 法院')).toEqual(['市监局', '司法局', '法院']);
  });

  it('keeps an enumeration of administrative levels as one unit', () => {
    expect(splitUnitList('省人社厅、各市、州、县人民政府')).toEqual(['省人社厅', '各市、州、县人民政府']);
    // with the list's verb tail after the head, and 〔〕 around the inner levels
    for (const tail of ['按职责分工负责', '等按职责分工负责'])
      for (const levels of ['各市、县（区）人民政府', '各市、县〔区〕人民政府'])
        expect(splitUnitList(`省财政厅，${levels}${tail}`)).toEqual(['省财政厅', levels]);
  });

  it('drops a bare collective noun after 等 (等处室负责, 等科室)', () => {
    expect(splitUnitList('机关纪委、督审处、机关党委等处室负责')).toEqual(['机关纪委', '督审处', '机关党委']);
    expect(splitUnitList('办公室、审批股等科室')).toEqual(['办公室', '审批股']);
  });

  it('reads an empty cell as no unit', () => {
    expect(splitUnitList('—')).toEqual([]);
    expect(splitUnitList('')).toEqual([]);
  });
});

describe('unit helpers', () => {
  it('recognises organisation names', () => {
    for (const u of ['市发改委', '华润燃气有限公司', '人民银行赣州中心支行', '各产业链链长单位', '12315中心'])
      expect(looksLikeUnit(u)).toBe(true);
    for (const u of ['含特殊食品', 'RCEP', '市', '2023年底前']) expect(looksLikeUnit(u)).toBe(false);
  });

  it('flags names that stand for several units', () => {
    expect(isGenericUnit('市直有关部门')).toBe(true);
    expect(isGenericUnit('各县（市、区）人民政府')).toBe(true);
    expect(isGenericUnit('市住建局')).toBe(false);
  });
});

describe('splitSpacedUnits', () => {
  // the unit as the compact text read it, spanning its whole source
  const names = (src: string) =>
    splitSpacedUnits(src, [{ text: src.replace(/\s+/g, ''), span: { start: 0, end: src.length } }]).map(
      (u) => [u.text, src.slice(u.span.start, u.span.end)],
    );

  it('splits names set apart by spaces alone, on one line', () => {
    expect(names('市发展改革委 市住建局　市生态环境局')).toEqual([
      ['市发展改革委', '市发展改革委'],
      ['市住建局', '市住建局'],
      ['市生态环境局', '市生态环境局'],
    ]);
    expect(names('县财政局 各乡镇人民政府')).toEqual([
      ['县财政局', '县财政局'],
      ['各乡镇人民政府', '各乡镇人民政府'],
    ]);
  });

  it('keeps one name where a space or a line break falls inside it', () => {
    for (const src of [
      '市 住建局',
      '县市场 监管局',
      '各县（市、区） 人民政府',
      '市住房城乡建\n设委',
      '市委 编办',
    ])
      expect(names(src)).toEqual([[src.replace(/\s+/g, ''), src]]);
  });

  it('leaves a unit alone when its span holds other text (joined across a page break)', () => {
    const src = '市城市管理委 市水\n# Page 141:\n务局';
    const unit = { text: '市水务局', span: { start: 7, end: src.length } };
    expect(splitSpacedUnits(src, [unit])).toEqual([unit]);
  });
});

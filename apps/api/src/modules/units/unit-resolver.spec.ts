import { isGroupPhrase, UnitResolver, type DirectoryUnit } from './unit-resolver';

const unit = (id: string, name: string, extra: Partial<DirectoryUnit> = {}): DirectoryUnit => ({
  id,
  name,
  aliases: [],
  kind: 'department',
  region: null,
  memberIds: [],
  ...extra,
});

const directory = new UnitResolver([
  unit('bd-spj', '保定市行政审批局', { region: '保定市', aliases: ['市审批局'] }),
  unit('bd-scj', '保定市市场监督管理局', { region: '保定市', aliases: ['市监局', '市市场监管局'] }),
  unit('ja-scj', '吉安市市场监督管理局', { region: '吉安市', aliases: ['市监局'] }),
  unit('ja-fgw', '吉安市发展和改革委员会', { region: '吉安市', aliases: ['市发改委'] }),
  unit('bd-xian1', '清苑区人民政府', { region: '保定市', kind: 'government' }),
  unit('bd-xian2', '涿州市人民政府', { region: '保定市', kind: 'government' }),
  unit('bd-counties', '各县（市、区）人民政府', {
    region: '保定市',
    kind: 'group',
    memberIds: ['bd-xian1', 'bd-xian2'],
  }),
  unit('bd-shizhi', '市直有关部门', { region: '保定市', kind: 'group' }),
]);

describe('UnitResolver', () => {
  it('qualifies a bare 市… name with the document region', () => {
    expect(directory.resolve('市行政审批局', '保定市')).toMatchObject({
      status: 'exact',
      unitIds: ['bd-spj'],
    });
  });

  it('resolves an alias inside the region and not in another city', () => {
    expect(directory.resolve('市监局', '吉安市')).toMatchObject({ status: 'alias', unitIds: ['ja-scj'] });
    expect(directory.resolve('市监局', '保定市')).toMatchObject({ status: 'alias', unitIds: ['bd-scj'] });
  });

  it('refuses to guess an alias shared by several regions when the region is unknown', () => {
    expect(directory.resolve('市监局', null).unitIds).toEqual([]);
  });

  it('ignores spaces, bracket width and digit width', () => {
    expect(directory.resolve('各县(市、区)人民政府', '保定市')).toMatchObject({
      status: 'group',
      unitIds: ['bd-xian1', 'bd-xian2'],
      needsChoice: false,
    });
    expect(directory.resolve('市 审批局', '保定市').unitIds).toEqual(['bd-spj']);
    // The parser returns names as printed: a notice with full-width digits names the directory's unit.
    const hotline = new UnitResolver([unit('bd-12345', '保定市12345热线管理中心', { region: '保定市' })]);
    expect(hotline.resolve('保定市１２３４５热线管理中心', '保定市').unitIds).toEqual(['bd-12345']);
  });

  it("never takes another region's group or shorthand, but does take a fully written name from anywhere", () => {
    expect(directory.resolve('各县（市、区）人民政府', '吉安市').unitIds).toEqual([]);
    expect(directory.resolve('保定市行政审批局', '吉安市')).toMatchObject({
      status: 'exact',
      unitIds: ['bd-spj'],
    });
    expect(directory.resolve('吉安市发展和改革委员会', null)).toMatchObject({
      status: 'exact',
      unitIds: ['ja-fgw'],
    });
  });

  it('flags a group with no members for a person to choose', () => {
    expect(directory.resolve('市直有关部门', '保定市')).toMatchObject({
      status: 'group',
      unitIds: [],
      needsChoice: true,
    });
  });

  it('proposes the alias for a short form of one existing unit instead of a new unit', () => {
    const result = directory.resolve('市发展改革委', '吉安市');
    expect(result).toMatchObject({ status: 'alias_proposed', unitIds: [] });
    expect(result.candidates.map((c) => c.unitId)).toEqual(['ja-fgw']);
  });

  it('reports a name with no likeness as unresolved', () => {
    expect(directory.resolve('东疆综合保税区管委会', '吉安市')).toMatchObject({
      status: 'unresolved',
      candidates: [],
    });
  });
});

describe('UnitResolver: the right unit, not a similar name', () => {
  const henan = unit('hn', '河南省人民政府', { region: '河南省', kind: 'government' });
  const zz = unit('zz', '郑州市人民政府', { region: '郑州市', kind: 'government', parentId: 'hn' });
  const xx = unit('xx', '新乡市人民政府', { region: '新乡市', kind: 'government', parentId: 'hn' });
  const resolver = new UnitResolver([
    henan,
    zz,
    xx,
    unit('zz-zj', '郑州市住房和城乡建设局', { region: '郑州市', parentId: 'zz' }),
    unit('zz-yb', '郑州市医疗保障局', { region: '郑州市', parentId: 'zz' }),
    unit('zz-jr', '郑州市地方金融监督管理局', { region: '郑州市', parentId: 'zz' }),
    unit('xx-zb', '新乡市住房保障局', { region: '新乡市', parentId: 'xx' }),
    unit('hn-zj', '河南省住房和城乡建设厅', { region: '河南省', parentId: 'hn' }),
  ]);

  it("looks for a 郑州 notice's names under 郑州 (and 河南省), never in another city", () => {
    const result = resolver.resolve('市住房保障局', '郑州市');
    expect(result.status).toBe('fuzzy');
    expect(result.candidates.map((c) => c.unitId)).toContain('zz-zj');
    expect(result.candidates.map((c) => c.unitId)).not.toContain('xx-zb');
  });

  it('requires the head word: 住房保障 is not 医疗保障', () => {
    expect(resolver.resolve('市住房保障局', '郑州市').candidates.map((c) => c.unitId)).not.toContain('zz-yb');
  });

  it('shows the full path of each candidate', () => {
    const [first] = resolver.resolve('市住房保障局', '郑州市').candidates;
    expect(first.path).toBe('河南省人民政府 › 郑州市人民政府 › 郑州市住房和城乡建设局');
  });

  it("reports a city the directory does not know instead of offering another city's units", () => {
    expect(resolver.resolve('市住房保障局', '远方市')).toMatchObject({
      status: 'unresolved',
      regionUnknown: true,
      candidates: [],
    });
  });

  it('proposes 市地方金融监督管理局 for 市金融局', () => {
    expect(resolver.resolve('市金融局', '郑州市')).toMatchObject({
      status: 'alias_proposed',
      candidates: [{ unitId: 'zz-jr', path: '河南省人民政府 › 郑州市人民政府 › 郑州市地方金融监督管理局' }],
    });
  });

  it.each([
    '各开发区管委会',
    '各审批职能部门',
    '市直各预算单位',
    '公共服务单位',
    '各地',
    '有关部门',
    '各县（市、区）人民政府',
  ])('keeps the group phrase %s a group to choose, never a unit', (phrase) => {
    expect(isGroupPhrase(phrase)).toBe(true);
    expect(resolver.resolve(phrase, '郑州市')).toMatchObject({
      status: 'group',
      unitIds: [],
      needsChoice: true,
      groupPhrase: true,
    });
  });

  it('stays bounded: 200 names of 100 characters against a 5,000-unit directory', () => {
    const big = Array.from({ length: 5_000 }, (_, i) =>
      unit(`u${i}`, `测${i % 97}试市第${i}号综合服务管理中心`, { region: `测${i % 97}试市` }),
    );
    const large = new UnitResolver(big);
    const names = Array.from({ length: 200 }, (_, i) =>
      `市${'综合服务管理'.repeat(16)}${i}号中心`.slice(0, 100),
    );
    const started = process.hrtime.bigint();
    for (const name of names) large.resolve(name, '测1试市');
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    // Compared only with the ~50 units of one region sharing the head word; the old scan took tens of seconds.
    expect(elapsedMs).toBeLessThan(2000);
  });
});

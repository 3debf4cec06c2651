import { UnitResolver, type DirectoryUnit } from './unit-resolver';

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

  it('ignores spaces and bracket width', () => {
    expect(directory.resolve('各县(市、区)人民政府', '保定市')).toMatchObject({
      status: 'group',
      unitIds: ['bd-xian1', 'bd-xian2'],
      needsChoice: false,
    });
    expect(directory.resolve('市 审批局', '保定市').unitIds).toEqual(['bd-spj']);
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

  it('offers fuzzy candidates for a near miss, best first', () => {
    const result = directory.resolve('市发展改革委', '吉安市');
    expect(result.status).toBe('fuzzy');
    expect(result.unitIds).toEqual([]);
    expect(result.candidates[0].unitId).toBe('ja-fgw');
  });

  it('reports a name with no likeness as unresolved', () => {
    expect(directory.resolve('东疆综合保税区管委会', '吉安市')).toMatchObject({
      status: 'unresolved',
      candidates: [],
    });
  });
});

import bcrypt from 'bcryptjs';
import type { Role } from '@duban/contracts';
import { DataSource } from 'typeorm';
import { Unit } from '../../src/modules/units/unit.entity';
import { User } from '../../src/modules/users/user.entity';

export const FIXTURE_PASSWORD = 'Passw0rd!';

export interface Fixture {
  password: string;
  units: Record<
    | 'city'
    | 'office'
    | 'approval'
    | 'market'
    | 'finance'
    | 'countyA'
    | 'countyB'
    | 'counties'
    | 'otherCity'
    | 'otherDept',
    Unit
  >;
  users: Record<
    | 'admin'
    | 'supervisor'
    | 'leader'
    | 'approvalClerk'
    | 'marketClerk'
    | 'marketHead'
    | 'otherClerk'
    | 'otherSupervisor',
    User
  >;
}

/**
 * A small directory for tests: 测试市 with three departments, two counties and a county group, plus a
 * second city to prove jurisdiction and region scoping; one user per role.
 */
export async function seedFixture(dataSource: DataSource): Promise<Fixture> {
  const units = dataSource.getRepository(Unit);
  const make = async (name: string, parent: Unit | null, extra: Partial<Unit> = {}): Promise<Unit> => {
    const unit = units.create({
      name,
      parentId: parent?.id ?? null,
      kind: 'department',
      region: '测试市',
      aliases: [],
      path: '',
      ...extra,
    });
    await units.insert(unit);
    unit.path = parent ? `${parent.path}/${unit.id}` : unit.id;
    await units.update(unit.id, { path: unit.path });
    return unit;
  };
  const city = await make('测试市人民政府', null, { kind: 'government' });
  const office = await make('测试市人民政府督查室', city);
  const approval = await make('测试市行政审批局', city, { aliases: ['市审批局'] });
  const market = await make('测试市市场监督管理局', city, { aliases: ['市监局', '市市场监管局'] });
  const finance = await make('测试市财政局', city);
  const countyA = await make('甲县人民政府', city, { kind: 'government' });
  const countyB = await make('乙区人民政府', city, { kind: 'government' });
  const counties = await make('各县（市、区）人民政府', city, {
    kind: 'group',
    memberIds: [countyA.id, countyB.id],
  });
  await make('市直有关部门', city, { kind: 'group' });
  const otherCity = await make('另市人民政府', null, { kind: 'government', region: '另市' });
  const otherDept = await make('另市行政审批局', otherCity, { region: '另市', aliases: ['市审批局'] });

  const passwordHash = await bcrypt.hash(FIXTURE_PASSWORD, 4);
  const users = dataSource.getRepository(User);
  const user = async (username: string, roles: Role[], unit: Unit | null, extra: Partial<User> = {}) =>
    users.save(
      users.create({
        username,
        displayName: username,
        roles,
        unitId: unit?.id ?? null,
        passwordHash,
        ...extra,
      }),
    );
  return {
    password: FIXTURE_PASSWORD,
    units: { city, office, approval, market, finance, countyA, countyB, counties, otherCity, otherDept },
    users: {
      admin: await user('admin', ['admin'], null),
      supervisor: await user('supervisor', ['supervisor'], city),
      leader: await user('leader', ['leader'], city),
      approvalClerk: await user('approval', ['unit'], approval),
      marketClerk: await user('market', ['unit'], market),
      marketHead: await user('market_head', ['unit'], market, { isUnitHead: true }),
      otherClerk: await user('other', ['unit'], otherDept),
      otherSupervisor: await user('other_supervisor', ['supervisor'], otherCity),
    },
  };
}

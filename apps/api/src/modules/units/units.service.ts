import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ErrorCode,
  type CreateUnitRequest,
  type Page,
  type UnitResolution,
  type UnitView,
  type UpdateUnitRequest,
} from '@duban/contracts';
import { EntityManager, Repository, IsNull } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../common/app-error';
import { pathWithinSql, scopeOf, withinScope } from './jurisdiction';
import { containsPattern } from '../../common/like';
import { Transactions } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { Unit } from './unit.entity';
import { UnitResolver, normalizeUnitName } from './unit-resolver';
import { readUnitRows, type UnitImportRow } from './unit-rows';

@Injectable()
export class UnitsService {
  private cachedResolver: { stamp: string; resolver: UnitResolver } | null = null;

  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    private readonly audit: AuditService,
  ) {}

  async list(query: {
    q?: string;
    parentId?: string;
    page: number;
    pageSize: number;
  }): Promise<Page<UnitView>> {
    const qb = this.units.createQueryBuilder('u');
    if (query.q) {
      qb.andWhere("(u.name ILIKE :q OR array_to_string(u.aliases, ' ') ILIKE :q)", {
        q: containsPattern(query.q),
      });
    }
    if (query.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: query.parentId });
    const [rows, total] = await qb
      .orderBy('u.path', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(toUnitView), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<Unit> {
    const unit = await this.units.findOneBy({ id });
    if (!unit) throw notFound('单位');
    return unit;
  }

  /** Whether the unit exists (read with the caller's transaction manager when given one). */
  async exists(id: string, manager: EntityManager = this.units.manager): Promise<boolean> {
    return manager.existsBy(Unit, { id });
  }

  /** Throws a 400 unless every one of the units exists (a picked unit deleted meanwhile, a forged id). */
  async assertExist(manager: EntityManager, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const distinct = [...new Set(ids)];
    const [{ count }]: { count: number }[] = await manager.query(
      'SELECT count(*)::int AS count FROM unit WHERE id = ANY($1)',
      [distinct],
    );
    if (count !== distinct.length) throw new AppError(ErrorCode.BadRequest, '所选单位不存在');
  }

  /** The unit of that name directly under `parentId` (null: at the top), if there is one. */
  async findChild(manager: EntityManager, name: string, parentId: string | null): Promise<Unit | null> {
    return manager.findOneBy(Unit, { name, parentId: parentId ?? IsNull() });
  }

  async namesById(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.units
      .createQueryBuilder('u')
      .select(['u.id', 'u.name'])
      .where('u.id = ANY(:ids)', { ids })
      .getMany();
    return new Map(rows.map((u) => [u.id, u.name]));
  }

  /** The unit and everything below it: a supervisor's or leader's jurisdiction. */
  async subtreeIds(unitId: string, manager: EntityManager = this.units.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT d.id FROM unit u JOIN unit d ON ${pathWithinSql('d.path', 'u.path')} WHERE u.id = $1`,
      [unitId],
    );
    return rows.map((row) => row.id);
  }

  async create(actor: Actor, body: CreateUnitRequest): Promise<UnitView> {
    return this.transactions.run(async (manager) => {
      await this.assertJurisdiction(manager, actor, body.parentId ?? null);
      const unit = await this.insert(manager, body);
      await this.audit.record(manager, actor, {
        action: 'unit.create',
        entityType: 'unit',
        entityId: unit.id,
        after: unit,
      });
      return toUnitView(unit);
    });
  }

  /** Supervisors keep the directory of their own jurisdiction; only admins work above it (or at the top). */
  private async assertJurisdiction(
    manager: EntityManager,
    actor: Actor,
    unitId: string | null,
  ): Promise<void> {
    const scope = scopeOf(actor);
    if (!scope.unitId) return;
    if (unitId === null) throw forbidden('只有系统管理员可以管理顶级单位');
    if (!(await withinScope(manager, scope, [unitId]))) throw forbidden('该单位不在您的管辖范围内');
  }

  /** Inserts one unit inside the caller's transaction (publishing uses it for missing units). */
  async insert(
    manager: EntityManager,
    body: CreateUnitRequest & { memberIds?: string[] },
    createdBy?: string,
  ): Promise<Unit> {
    const parent = body.parentId ? await manager.findOneBy(Unit, { id: body.parentId }) : null;
    if (body.parentId && !parent) throw new AppError(ErrorCode.BadRequest, '上级单位不存在');
    await this.assertNameFree(manager, body.name, body.parentId ?? null, null);
    const repo = manager.getRepository(Unit);
    const unit = repo.create({
      name: normalizeUnitName(body.name),
      aliases: unique(body.aliases ?? []),
      parentId: parent?.id ?? null,
      kind: body.kind ?? 'department',
      region: body.region ?? parent?.region ?? null,
      memberIds: body.memberIds ?? [],
      createdBy: createdBy ?? null,
      path: '',
    });
    await repo.insert(unit);
    unit.path = parent ? `${parent.path}/${unit.id}` : unit.id;
    await repo.update(unit.id, { path: unit.path });
    return unit;
  }

  async update(actor: Actor, id: string, body: UpdateUnitRequest): Promise<UnitView> {
    return this.transactions.run(async (manager) => {
      const unit = await manager.findOne(Unit, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw notFound('单位');
      await this.assertJurisdiction(manager, actor, unit.id);
      // The top of a supervisor's jurisdiction keeps its identity: they may add aliases, nothing more.
      const identity = [body.name, body.kind, body.region, body.parentId].some((v) => v !== undefined);
      if (identity && scopeOf(actor).unitId === unit.id)
        throw forbidden('本级单位的名称、类型、地区和上级单位只能由系统管理员修改');
      if (body.parentId !== undefined && body.parentId !== unit.parentId)
        await this.assertJurisdiction(manager, actor, body.parentId ?? null);
      if (body.version !== undefined && body.version !== unit.version) throw staleVersion(unit.version);
      const before = { ...unit };
      if (body.name !== undefined) {
        await this.assertNameFree(
          manager,
          body.name,
          body.parentId === undefined ? unit.parentId : body.parentId,
          unit.id,
        );
        unit.name = normalizeUnitName(body.name);
      }
      if (body.aliases !== undefined) unit.aliases = unique(body.aliases);
      if (body.kind !== undefined) unit.kind = body.kind;
      if (body.region !== undefined) unit.region = body.region ?? null;
      if (body.parentId !== undefined && body.parentId !== unit.parentId)
        await this.move(manager, unit, body.parentId ?? null);
      unit.version += 1;
      await manager.save(unit);
      await this.audit.record(manager, actor, {
        action: 'unit.update',
        entityType: 'unit',
        entityId: id,
        before,
        after: unit,
      });
      return toUnitView(unit);
    });
  }

  /** Records a supervisor's correction as an alias so the next document resolves by itself. */
  /**
   * The government at the top of a region (保定市 → 保定市人民政府, whether or not a province sits above
   * it), if the directory has one: owner of a region's documents, parent of the units they introduce.
   */
  async regionGovernment(manager: EntityManager, region: string | null): Promise<string | null> {
    if (!region) return null;
    const [row] = await manager.query(
      `SELECT u.id FROM unit u LEFT JOIN unit p ON p.id = u.parent_id
        WHERE u.region = $1 AND u.kind = 'government' AND (p.id IS NULL OR p.region IS DISTINCT FROM u.region)
        ORDER BY length(u.path), u.name LIMIT 1`,
      [region],
    );
    return row?.id ?? null;
  }

  async addAlias(manager: EntityManager, actor: Actor, unitId: string, alias: string): Promise<void> {
    const unit = await manager.findOneBy(Unit, { id: unitId });
    const name = normalizeUnitName(alias);
    if (!unit || unit.name === name || unit.aliases.includes(name)) return;
    const before = { aliases: unit.aliases };
    unit.aliases = [...unit.aliases, name];
    unit.version += 1;
    await manager.save(unit);
    await this.audit.record(manager, actor, {
      action: 'unit.alias_add',
      entityType: 'unit',
      entityId: unit.id,
      before,
      after: { aliases: unit.aliases },
    });
  }

  /**
   * The resolver over the whole directory. Reads share one built index until the directory changes (its row
   * count or any row's update time moves); a transaction (publishing) builds its own from what it sees.
   */
  async resolver(manager?: EntityManager): Promise<UnitResolver> {
    if (manager) return this.buildResolver(manager);
    const [{ stamp }]: { stamp: string }[] = await this.units.query(
      `SELECT count(*) || '/' || coalesce(sum(extract(epoch FROM updated_at)), 0) AS stamp FROM unit`,
    );
    if (this.cachedResolver?.stamp === stamp) return this.cachedResolver.resolver;
    const resolver = await this.buildResolver(this.units.manager);
    this.cachedResolver = { stamp, resolver };
    return resolver;
  }

  private async buildResolver(manager: EntityManager): Promise<UnitResolver> {
    const units = await manager.getRepository(Unit).find({
      select: {
        id: true,
        name: true,
        aliases: true,
        kind: true,
        region: true,
        memberIds: true,
        parentId: true,
      },
    });
    return new UnitResolver(units);
  }

  async resolve(names: string[], region: string | null): Promise<UnitResolution[]> {
    const resolver = await this.resolver();
    return names.map((name) => resolver.resolve(name, region));
  }

  /** Rows from a CSV or XLSX sheet with columns 名称, 上级单位, 类型, 别名, 区域 (or English names). */
  async importFile(
    actor: Actor,
    file: { buffer: Buffer; originalname: string },
  ): Promise<{ created: number; updated: number }> {
    const rows = await readUnitRows(file);
    return this.importRows(actor, rows);
  }

  async importRows(actor: Actor, rows: UnitImportRow[]): Promise<{ created: number; updated: number }> {
    return this.transactions.run(async (manager) => {
      let created = 0;
      let updated = 0;
      const byName = new Map((await manager.find(Unit)).map((unit) => [unit.name, unit]));
      for (const [index, row] of rows.entries()) {
        const parent = row.parentName ? byName.get(normalizeUnitName(row.parentName)) : undefined;
        if (row.parentName && !parent) {
          throw new AppError(
            ErrorCode.Validation,
            `第 ${index + 2} 行：上级单位“${row.parentName}”不存在（上级须排在下级之前）`,
          );
        }
        const memberIds = row.memberNames.map((member) => {
          const unit = byName.get(normalizeUnitName(member));
          if (!unit)
            throw new AppError(
              ErrorCode.Validation,
              `第 ${index + 2} 行：成员单位“${member}”不存在（成员须排在前面）`,
            );
          return unit.id;
        });
        const existing = byName.get(normalizeUnitName(row.name));
        if (existing) {
          const aliases = unique([...existing.aliases, ...row.aliases]);
          if (aliases.length !== existing.aliases.length || existing.kind !== row.kind) {
            await manager.update(Unit, existing.id, {
              aliases,
              kind: row.kind,
              version: existing.version + 1,
            });
            updated++;
          }
          continue;
        }
        const unit = await this.insert(
          manager,
          {
            name: row.name,
            aliases: row.aliases,
            parentId: parent?.id ?? null,
            kind: row.kind,
            region: row.region,
            memberIds,
          },
          actor.userId,
        );
        byName.set(unit.name, unit);
        created++;
      }
      await this.audit.record(manager, actor, {
        action: 'unit.import',
        entityType: 'unit',
        entityId: 'import',
        after: { created, updated, rows: rows.length },
      });
      return { created, updated };
    });
  }

  private async move(manager: EntityManager, unit: Unit, parentId: string | null): Promise<void> {
    const parent = parentId ? await manager.findOneBy(Unit, { id: parentId }) : null;
    if (parentId && !parent) throw new AppError(ErrorCode.BadRequest, '上级单位不存在');
    if (parent && (parent.path === unit.path || parent.path.startsWith(`${unit.path}/`))) {
      throw new AppError(ErrorCode.BadRequest, '不能把单位移到它自己的下级之下');
    }
    const newPath = parent ? `${parent.path}/${unit.id}` : unit.id;
    await manager.query(
      `UPDATE unit SET path = $1 || substr(path, length($2) + 1) WHERE path = $2 OR path LIKE $2 || '/%'`,
      [newPath, unit.path],
    );
    unit.parentId = parent?.id ?? null;
    unit.path = newPath;
  }

  private async assertNameFree(
    manager: EntityManager,
    name: string,
    parentId: string | null,
    selfId: string | null,
  ) {
    const clash = await manager
      .getRepository(Unit)
      .createQueryBuilder('u')
      .where('u.name = :name', { name: normalizeUnitName(name) })
      .andWhere(parentId ? 'u.parent_id = :parentId' : 'u.parent_id IS NULL', { parentId })
      .andWhere(selfId ? 'u.id <> :selfId' : 'TRUE', { selfId })
      .getExists();
    if (clash) throw new AppError(ErrorCode.Conflict, `同一上级下已有名为“${name}”的单位`);
  }
}

function toUnitView(unit: Unit): UnitView {
  return {
    id: unit.id,
    name: unit.name,
    aliases: unit.aliases,
    parentId: unit.parentId,
    kind: unit.kind,
    region: unit.region,
    version: unit.version,
  };
}

function unique(names: string[]): string[] {
  return [...new Set(names.map(normalizeUnitName).filter(Boolean))];
}

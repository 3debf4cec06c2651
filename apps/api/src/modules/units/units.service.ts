import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ErrorCode,
  UNIT_KINDS,
  type CreateUnitRequest,
  type Page,
  type UnitKind,
  type UnitResolution,
  type UnitView,
  type UpdateUnitRequest,
} from '@duban/contracts';
import { splitUnitList } from '@duban/policy-parser';
import ExcelJS from 'exceljs';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../common/app-error';
import { pathWithinSql, scopeOf, withinScope } from '../../common/scope';
import { containsPattern } from '../../common/like';
import { checkZipSize } from '../../common/zip-bomb';
import { AuditService } from '../audit/audit.service';
import { Unit } from './unit.entity';
import { UnitResolver, normalizeUnitName } from './unit-resolver';

export interface UnitImportRow {
  name: string;
  parentName: string | null;
  kind: UnitKind;
  aliases: string[];
  region: string | null;
  /** For a group: names of the units it expands to (rows earlier in the file). */
  memberNames: string[];
}

const KIND_BY_LABEL: Record<string, UnitKind> = {
  government: 'government',
  department: 'department',
  group: 'group',
  other: 'other',
  人民政府: 'government',
  政府: 'government',
  部门: 'department',
  泛指单位: 'group',
  其他: 'other',
};

@Injectable()
export class UnitsService {
  private cachedResolver: { stamp: string; resolver: UnitResolver } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: {
    q?: string;
    parentId?: string;
    page: number;
    pageSize: number;
  }): Promise<Page<UnitView>> {
    const qb = this.dataSource.getRepository(Unit).createQueryBuilder('u');
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
    const unit = await this.dataSource.getRepository(Unit).findOneBy({ id });
    if (!unit) throw notFound('单位');
    return unit;
  }

  async namesById(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource
      .getRepository(Unit)
      .createQueryBuilder('u')
      .select(['u.id', 'u.name'])
      .where('u.id = ANY(:ids)', { ids })
      .getMany();
    return new Map(rows.map((u) => [u.id, u.name]));
  }

  /** The unit and everything below it: a supervisor's or leader's jurisdiction. */
  async subtreeIds(unitId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT d.id FROM unit u JOIN unit d ON ${pathWithinSql('d.path', 'u.path')} WHERE u.id = $1`,
      [unitId],
    );
    return rows.map((row) => row.id);
  }

  async create(actor: Actor, body: CreateUnitRequest): Promise<UnitView> {
    return this.dataSource.transaction(async (manager) => {
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
    return this.dataSource.transaction(async (manager) => {
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
    const [{ stamp }]: { stamp: string }[] = await this.dataSource.query(
      `SELECT count(*) || '/' || coalesce(sum(extract(epoch FROM updated_at)), 0) AS stamp FROM unit`,
    );
    if (this.cachedResolver?.stamp === stamp) return this.cachedResolver.resolver;
    const resolver = await this.buildResolver(this.dataSource.manager);
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
    return this.dataSource.transaction(async (manager) => {
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

export function toUnitView(unit: Unit): UnitView {
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

const COLUMN_NAMES: Record<string, keyof UnitImportRow> = {
  名称: 'name',
  单位名称: 'name',
  name: 'name',
  上级: 'parentName',
  上级单位: 'parentName',
  parent: 'parentName',
  类型: 'kind',
  kind: 'kind',
  别名: 'aliases',
  aliases: 'aliases',
  区域: 'region',
  region: 'region',
  成员: 'memberNames',
  members: 'memberNames',
};

async function readUnitRows(file: { buffer: Buffer; originalname: string }): Promise<UnitImportRow[]> {
  return unitRowsOf(
    /\.xlsx$/i.test(file.originalname) ? await readXlsx(file.buffer) : readCsv(file.buffer.toString('utf8')),
  );
}

/** Directory rows from a table whose first row is the header. */
export function unitRowsOf(table: string[][]): UnitImportRow[] {
  if (table.length < 2)
    throw new AppError(
      ErrorCode.Validation,
      '文件中没有单位数据（第一行应为表头：名称、上级单位、类型、别名、区域）',
    );
  const header = table[0].map((cell) => COLUMN_NAMES[cell.trim()] ?? null);
  if (!header.includes('name')) throw new AppError(ErrorCode.Validation, '表头缺少“名称”列');
  return table.slice(1).flatMap((cells, index) => {
    const record: Record<string, string> = {};
    header.forEach((key, column) => key && (record[key] = (cells[column] ?? '').trim()));
    if (!record.name) return [];
    // Bracket-aware, so 各县（市、区）人民政府 stays one name.
    const list = (value: string | undefined) => splitUnitList((value ?? '').replace(/[|]/g, '、'));
    const kind = KIND_BY_LABEL[record.kind || 'department'];
    if (!kind || !UNIT_KINDS.includes(kind)) {
      throw new AppError(
        ErrorCode.Validation,
        `第 ${index + 2} 行：类型“${record.kind}”无效，应为 人民政府/部门/泛指单位/其他`,
      );
    }
    return [
      {
        name: record.name,
        parentName: record.parentName || null,
        kind,
        aliases: list(record.aliases),
        region: record.region || null,
        memberNames: list(record.memberNames),
      },
    ];
  });
}

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((cell) => cell.trim())) rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  row.push(field);
  if (row.some((cell) => cell.trim())) rows.push(row);
  return rows;
}

/** A directory of a few thousand units inflates to a few MB; past this it is a zip bomb. */
export const MAX_XLSX_INFLATED_BYTES = 32 * 1024 * 1024;

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const zip = checkZipSize(buffer, { maxInflatedBytes: MAX_XLSX_INFLATED_BYTES, maxEntries: 1000 });
  if (!zip.ok && zip.reason === 'too_large')
    throw new AppError(
      ErrorCode.Unparseable,
      `Excel 文件解压后超过 ${MAX_XLSX_INFLATED_BYTES / 1024 / 1024} MB，不像单位名录（可能是压缩炸弹），请检查文件或另存为 CSV 后导入`,
    );
  if (!zip.ok) throw new AppError(ErrorCode.Validation, '无法读取 Excel 文件，请确认是 .xlsx 格式');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError(ErrorCode.Validation, '无法读取 Excel 文件，请确认是 .xlsx 格式');
  }
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((value) => (value == null ? '' : String(value))));
  });
  return rows;
}

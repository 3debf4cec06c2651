import { ErrorCode, UNIT_KINDS, type UnitKind } from '@duban/contracts';
import { splitUnitList } from '@duban/policy-parser';
import ExcelJS from 'exceljs';
import { AppError } from '../../common/app-error';
import { checkZipSize } from '../../common/zip-bomb';

// Reading a unit directory from a file (CSV or XLSX, header row first) into rows to import.

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

export async function readUnitRows(file: { buffer: Buffer; originalname: string }): Promise<UnitImportRow[]> {
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

import type { Writable } from 'node:stream';
import {
  ASSIGNMENT_ROLE_LABELS,
  ASSIGNMENT_STATUS_LABELS,
  LIGHT_LABELS,
  TASK_STATUS_LABELS,
  type Light,
} from '@duban/contracts';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { cappedCountSql } from '../../common/capped-total';
import { SqlParams } from '../../common/sql-params';
import type { Scope } from '../units/jurisdiction';
import { safeCell } from '../../common/spreadsheet';
import { signalSql, taskFrom, type SignalParams, type TaskFilters } from './task-query';

// The 台账 an office prints and sends: a title and 截至日期 above a header row, 序号, traffic lights as coloured
// cells, autofilter, frozen header, landscape A4 with the header repeated on every page and page numbers.
// Sheet 1 has one row per task with its units; sheet 2 one row per assignment.

const BATCH = 500;
/** Rows 1–2 are the title and the 截至日期; the column header is row 3. */
const HEADER_ROW = 3;

type Column = { header: string; key: string; width: number; numFmt?: string };

/** Both sheets open with the task: 序号, code, name, source document. */
const TASK_HEAD: Column[] = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '任务编号', key: 'code', width: 15 },
  { header: '任务名称', key: 'title', width: 36 },
  { header: '来源文件', key: 'document', width: 28 },
];

const TASK_COLUMNS: Column[] = [
  ...TASK_HEAD,
  { header: '牵头单位', key: 'leadUnits', width: 20 },
  { header: '责任单位', key: 'responsibleUnits', width: 24 },
  { header: '完成时限', key: 'deadline', width: 12, numFmt: 'yyyy-mm-dd' },
  { header: '进展情况', key: 'latestReport', width: 44 },
  { header: '完成进度', key: 'progress', width: 9 },
  { header: '状态', key: 'status', width: 9 },
  { header: '红黄绿灯', key: 'light', width: 9 },
  { header: '是否逾期', key: 'overdue', width: 9 },
];

const ASSIGNMENT_COLUMNS: Column[] = [
  ...TASK_HEAD,
  { header: '措施编号', key: 'measure', width: 9 },
  { header: '承办单位', key: 'unit', width: 24 },
  { header: '承办角色', key: 'role', width: 9 },
  { header: '办理状态', key: 'status', width: 9 },
  { header: '任务状态', key: 'taskStatus', width: 9 },
  { header: '完成时限', key: 'deadline', width: 12, numFmt: 'yyyy-mm-dd' },
  { header: '完成进度', key: 'progress', width: 9 },
  { header: '红黄绿灯', key: 'light', width: 9 },
  { header: '是否逾期', key: 'overdue', width: 9 },
  { header: '延期次数', key: 'extensions', width: 9 },
  { header: '签收时间', key: 'acceptedAt', width: 17, numFmt: 'yyyy-mm-dd hh:mm' },
  { header: '办结时间', key: 'completedAt', width: 17, numFmt: 'yyyy-mm-dd hh:mm' },
  { header: '最新进展', key: 'latestReport', width: 44 },
];

/** Solid fills for the light cells (ARGB), with a font that stays readable on each. */
export const LIGHT_FILLS: Record<Light, { fill: string; font: string }> = {
  red: { fill: 'FFFF4D4F', font: 'FFFFFFFF' },
  yellow: { fill: 'FFFADB14', font: 'FF000000' },
  green: { fill: 'FF52C41A', font: 'FFFFFFFF' },
};

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

// Excel has no time zones: write Shanghai wall-clock time as if it were UTC so the cell shows local time.
const shanghaiWallClock = (value: Date | null) =>
  value ? new Date(new Date(value).getTime() + 8 * 3600 * 1000) : null;
const dateCell = (value: string | null) => (value ? new Date(`${value}T00:00:00Z`) : null);
const lastColumn = (columns: Column[]) => String.fromCharCode(64 + columns.length);

function addSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  asOf: string,
  columns: Column[],
) {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  sheet.autoFilter = `A${HEADER_ROW}:${lastColumn(columns)}${HEADER_ROW}`;
  sheet.columns = columns.map(({ key, width, numFmt }) => ({
    key,
    width,
    style: { alignment: { vertical: 'middle', wrapText: true }, ...(numFmt ? { numFmt } : {}) },
  }));
  const span = `A1:${lastColumn(columns)}1`;
  sheet.mergeCells(span);
  const titleRow = sheet.getRow(1);
  titleRow.getCell(1).value = title;
  titleRow.getCell(1).font = { bold: true, size: 16 };
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  titleRow.height = 30;
  titleRow.commit();
  sheet.mergeCells(`A2:${lastColumn(columns)}2`);
  const asOfRow = sheet.getRow(2);
  asOfRow.getCell(1).value = `截至日期：${asOf}`;
  asOfRow.getCell(1).alignment = { horizontal: 'right' };
  asOfRow.commit();
  const header = sheet.getRow(HEADER_ROW);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F0F0' } };
    cell.border = THIN;
  });
  header.commit();

  return (values: Record<string, unknown>, light: Light) => {
    const row = sheet.addRow(values);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = THIN;
    });
    const lightCell = row.getCell('light');
    lightCell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS[light].fill } };
    lightCell.font = { color: { argb: LIGHT_FILLS[light].font }, bold: true };
    lightCell.alignment = { horizontal: 'center', vertical: 'middle' };
    row.commit();
  };
}

/**
 * Pages through the filtered tasks by code, BATCH at a time: the page's tasks after the last code seen (a
 * walk of uq_task_code, so the thousandth page costs what the first does), then the sheet's rows for them
 * (`page`: those tasks with their light, progress and overdue), with that statement's own parameters.
 */
async function eachTaskPage(
  dataSource: DataSource,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  select: (params: SqlParams) => string,
  handle: (rows: Record<string, unknown>[]) => void,
): Promise<void> {
  for (let after = ''; ;) {
    const pageParams = new SqlParams();
    const from = taskFrom(scope, filters, signals, pageParams, [`t.code > ${pageParams.add(after)}`]);
    const tasks: { id: string; code: string }[] = await dataSource.query(
      `SELECT t.id, t.code ${from} ORDER BY t.code LIMIT ${BATCH}`,
      pageParams.values,
    );
    if (!tasks.length) return;
    const params = new SqlParams();
    const sql = signalSql(signals, params);
    const rows: Record<string, unknown>[] = await dataSource.query(
      `WITH page AS (
         SELECT t.*, ${sql.light} AS task_light, t.rollup_progress AS task_progress,
                COALESCE(${sql.overdue}, false) AS task_overdue
           FROM task t WHERE t.id = ANY(${params.add(tasks.map((task) => task.id))}::uuid[]))
       ${select(params)}`,
      params.values,
    );
    handle(rows);
    if (tasks.length < BATCH) return;
    after = tasks[tasks.length - 1].code;
  }
}

/** The number of tasks a ledger export would hold, counted up to `max + 1`. */
export async function ledgerSize(
  dataSource: DataSource,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  max: number,
): Promise<number> {
  const params = new SqlParams();
  const [{ tasks }] = await dataSource.query(
    `SELECT ${cappedCountSql(taskFrom(scope, filters, signals, params), max)} AS tasks`,
    params.values,
  );
  return tasks;
}

/** The ledger (台账) of every task the filters select, streamed in batches. */
export async function writeLedger(
  dataSource: DataSource,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  output: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });

  const addTask = addSheet(workbook, '督办台账', '督办事项台账', signals.today, TASK_COLUMNS);
  let seq = 0;
  await eachTaskPage(
    dataSource,
    scope,
    filters,
    signals,
    () => `SELECT p.code, p.title, p.status, to_char(p.deadline, 'YYYY-MM-DD') AS deadline, p.ongoing,
            p.task_light AS light, p.task_progress AS progress, p.task_overdue AS overdue, d.title AS document,
            (SELECT string_agg(u.name, '、' ORDER BY u.name) FROM assignment a JOIN unit u ON u.id = a.unit_id
              WHERE a.task_id = p.id AND a.role = 'lead' AND a.status <> 'returned') AS lead_units,
            (SELECT string_agg(u.name, '、' ORDER BY u.name) FROM assignment a JOIN unit u ON u.id = a.unit_id
              WHERE a.task_id = p.id AND a.role = 'responsible' AND a.status <> 'returned') AS responsible_units,
            (SELECT u.name || '：' || r.content FROM progress_report r
               JOIN assignment a ON a.id = r.assignment_id JOIN unit u ON u.id = a.unit_id
              WHERE a.task_id = p.id AND r.status <> 'rejected'
              ORDER BY r.created_at DESC LIMIT 1) AS latest_report
       FROM page p LEFT JOIN policy_document d ON d.id = p.document_id
      ORDER BY p.code`,
    (rows) => {
      for (const row of rows)
        addTask(
          {
            seq: ++seq,
            code: row.code,
            title: safeCell(String(row.title)),
            document: safeCell(String(row.document ?? '（自建任务）')),
            leadUnits: safeCell(String(row.lead_units ?? '')),
            responsibleUnits: safeCell(String(row.responsible_units ?? '')),
            deadline: row.deadline ? dateCell(row.deadline as string) : row.ongoing ? '长期' : '',
            latestReport: safeCell(String(row.latest_report ?? '')),
            progress: `${row.progress}%`,
            status: TASK_STATUS_LABELS[row.status as keyof typeof TASK_STATUS_LABELS],
            light: LIGHT_LABELS[row.light as Light],
            overdue: row.overdue ? '是' : '否',
          },
          row.light as Light,
        );
    },
  );

  const addAssignment = addSheet(workbook, '承办明细', '督办事项承办明细', signals.today, ASSIGNMENT_COLUMNS);
  seq = 0;
  await eachTaskPage(
    dataSource,
    scope,
    filters,
    signals,
    (params) => {
      const today = params.add(signals.today);
      const dueSoon = params.add(signals.dueSoonDays);
      const behind = params.add(signals.behindThreshold);
      return `SELECT p.code, p.title, p.status AS task_status, d.title AS document, m.number AS measure, u.name AS unit, a.role, a.status,
              to_char(a.deadline, 'YYYY-MM-DD') AS deadline, a.progress, a.extension_count, a.accepted_at, a.completed_at,
              COALESCE(a.live_deadline < ${today}::date, false) AS overdue,
              duban_light(a.deadline, p.start_date, a.progress, a.live_deadline IS NULL,
                          ${today}::date, ${dueSoon}::int, ${behind}::int) AS light,
              (SELECT r.content FROM progress_report r WHERE r.assignment_id = a.id AND r.status <> 'rejected'
                ORDER BY r.created_at DESC LIMIT 1) AS latest_report
         FROM page p
         JOIN assignment a ON a.task_id = p.id
         JOIN unit u ON u.id = a.unit_id
         LEFT JOIN policy_document d ON d.id = p.document_id
         LEFT JOIN measure m ON m.id = p.measure_id
        ORDER BY p.code, CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, u.name`;
    },
    (rows) => {
      for (const row of rows)
        addAssignment(
          {
            seq: ++seq,
            code: row.code,
            title: safeCell(String(row.title)),
            document: safeCell(String(row.document ?? '（自建任务）')),
            measure: safeCell(String(row.measure ?? '')),
            unit: safeCell(String(row.unit)),
            role: ASSIGNMENT_ROLE_LABELS[row.role as keyof typeof ASSIGNMENT_ROLE_LABELS],
            status: ASSIGNMENT_STATUS_LABELS[row.status as keyof typeof ASSIGNMENT_STATUS_LABELS],
            taskStatus: TASK_STATUS_LABELS[row.task_status as keyof typeof TASK_STATUS_LABELS],
            deadline: dateCell(row.deadline as string | null),
            progress: `${row.progress}%`,
            light: LIGHT_LABELS[row.light as Light],
            overdue: row.overdue ? '是' : '否',
            extensions: row.extension_count,
            acceptedAt: shanghaiWallClock(row.accepted_at as Date | null),
            completedAt: shanghaiWallClock(row.completed_at as Date | null),
            latestReport: safeCell(String(row.latest_report ?? '')),
          },
          row.light as Light,
        );
    },
  );
  await workbook.commit();
}

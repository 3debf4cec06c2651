import type { Writable } from 'node:stream';
import {
  ASSIGNMENT_ROLE_LABELS,
  ASSIGNMENT_STATUS_LABELS,
  LIGHT_LABELS,
  TASK_STATUS_LABELS,
} from '@duban/contracts';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { SqlParams, type Scope } from '../../common/scope';
import { safeCell } from '../../common/spreadsheet';
import { taskSignalsCte, type SignalParams, type TaskFilters } from '../tasks/task-query';

const BATCH = 500;

const COLUMNS: Partial<ExcelJS.Column>[] = [
  { header: '任务编号', key: 'code', width: 16 },
  { header: '任务名称', key: 'title', width: 40 },
  { header: '来源文件', key: 'document', width: 36 },
  { header: '措施编号', key: 'measure', width: 10 },
  { header: '承办单位', key: 'unit', width: 26 },
  { header: '承办角色', key: 'role', width: 10 },
  { header: '办理状态', key: 'status', width: 10 },
  { header: '任务状态', key: 'taskStatus', width: 10 },
  { header: '完成时限', key: 'deadline', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
  { header: '进度(%)', key: 'progress', width: 9 },
  { header: '红黄绿灯', key: 'light', width: 9 },
  { header: '是否逾期', key: 'overdue', width: 9 },
  { header: '延期次数', key: 'extensions', width: 9 },
  { header: '签收时间', key: 'acceptedAt', width: 18, style: { numFmt: 'yyyy-mm-dd hh:mm' } },
  { header: '办结时间', key: 'completedAt', width: 18, style: { numFmt: 'yyyy-mm-dd hh:mm' } },
  { header: '最新进展', key: 'latestReport', width: 50 },
];

// Excel has no time zones: write Shanghai wall-clock time as if it were UTC so the cell shows local time.
const shanghaiWallClock = (value: Date | null) =>
  value ? new Date(new Date(value).getTime() + 8 * 3600 * 1000) : null;
const dateCell = (value: string | null) => (value ? new Date(`${value}T00:00:00Z`) : null);

/** The ledger (台账): one row per assignment of every task the filters select, streamed in batches. */
export async function writeLedger(
  dataSource: DataSource,
  scope: Scope,
  filters: TaskFilters,
  signals: SignalParams,
  output: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const sheet = workbook.addWorksheet('督办台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (let offset = 0; ; offset += BATCH) {
    const params = new SqlParams();
    const cte = taskSignalsCte(scope, filters, signals, params);
    const today = params.add(signals.today);
    const dueSoon = params.add(signals.dueSoonDays);
    const behind = params.add(signals.behindThreshold);
    const rows = await dataSource.query(
      `${cte}, page AS (
         SELECT t.* FROM task_signal s JOIN task t ON t.id = s.id ORDER BY t.code LIMIT ${params.add(BATCH)} OFFSET ${params.add(offset)}
       )
       SELECT p.code, p.title, p.status AS task_status, d.title AS document, m.number AS measure, u.name AS unit, a.role, a.status,
              to_char(a.deadline, 'YYYY-MM-DD') AS deadline, a.progress, a.extension_count, a.accepted_at, a.completed_at,
              (p.status = 'in_progress' AND a.status NOT IN ('completed', 'returned') AND a.deadline < ${today}::date) AS overdue,
              duban_light(a.deadline, p.start_date, a.progress, a.status IN ('completed', 'returned') OR p.status <> 'in_progress',
                          ${today}::date, ${dueSoon}::int, ${behind}::int) AS light,
              (SELECT r.content FROM progress_report r WHERE r.assignment_id = a.id AND r.status <> 'rejected'
                ORDER BY r.created_at DESC LIMIT 1) AS latest_report
         FROM page p
         JOIN assignment a ON a.task_id = p.id
         JOIN unit u ON u.id = a.unit_id
         LEFT JOIN policy_document d ON d.id = p.document_id
         LEFT JOIN measure m ON m.id = p.measure_id
        ORDER BY p.code, CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, u.name`,
      params.values,
    );
    for (const row of rows) {
      sheet
        .addRow({
          code: row.code,
          title: safeCell(row.title),
          document: safeCell(row.document ?? '（自建任务）'),
          measure: safeCell(row.measure ?? ''),
          unit: safeCell(row.unit),
          role: ASSIGNMENT_ROLE_LABELS[row.role as keyof typeof ASSIGNMENT_ROLE_LABELS],
          status: ASSIGNMENT_STATUS_LABELS[row.status as keyof typeof ASSIGNMENT_STATUS_LABELS],
          taskStatus: TASK_STATUS_LABELS[row.task_status as keyof typeof TASK_STATUS_LABELS],
          deadline: dateCell(row.deadline),
          progress: row.progress,
          light: LIGHT_LABELS[row.light as keyof typeof LIGHT_LABELS],
          overdue: row.overdue ? '是' : '否',
          extensions: row.extension_count,
          acceptedAt: shanghaiWallClock(row.accepted_at),
          completedAt: shanghaiWallClock(row.completed_at),
          latestReport: safeCell(row.latest_report ?? ''),
        })
        .commit();
    }
    if (new Set(rows.map((r: { code: string }) => r.code)).size < BATCH) break;
  }
  await workbook.commit();
}

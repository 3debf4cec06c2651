import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  addDays,
  ErrorCode,
  weekday,
  type CalendarDayView,
  type CalendarOverrideInput,
  type CalendarYear,
} from '@duban/contracts';
import { Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { Transactions } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { CalendarDay } from './calendar-day.entity';
import { PACKAGED_YEARS, WorkingCalendar } from './working-calendar';

/** The working-day calendar: the packaged State Council table plus the admin overrides in `calendar_day`. */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  private cached: { key: string; calendar: WorkingCalendar } | null = null;
  private warnedYear: number | null = null;

  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(CalendarDay) private readonly days: Repository<CalendarDay>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** A year as the admin page shows it: the days that differ from an ordinary week, and why. */
  async year(year: number): Promise<CalendarYear> {
    const calendar = await this.calendar();
    const rows: { date: string; note: string | null }[] = await this.days.query(
      `SELECT date::text AS date, note FROM calendar_day WHERE extract(year FROM date) = $1`,
      [year],
    );
    const notes = new Map(rows.map((row) => [row.date, row.note]));
    const exceptions: CalendarDayView[] = [];
    let workingDays = 0;
    for (let date = `${year}-01-01`; date.startsWith(String(year)); date = addDays(date, 1)) {
      const isWorkingDay = calendar.isWorkingDay(date);
      if (isWorkingDay) workingDays++;
      const { source, festival } = calendar.sourceOf(date);
      const weekend = [0, 6].includes(weekday(date));
      // Packaged holidays on a weekend change nothing; list them only when they move a working day.
      if (source === 'override' || (source === 'packaged' && isWorkingDay === weekend)) {
        exceptions.push({
          date,
          isWorkingDay,
          source,
          note: source === 'override' ? (notes.get(date) ?? null) : festival,
        });
      }
    }
    return {
      year,
      packaged: year >= PACKAGED_YEARS.from && year <= PACKAGED_YEARS.to,
      workingDays,
      exceptions,
    };
  }

  /** Sets one date's override (a newly announced holiday or 调休 day); the sweep uses it from its next run. */
  async setOverride(actor: Actor, date: string, input: CalendarOverrideInput): Promise<CalendarDayView> {
    return this.transactions.run(async (manager) => {
      const before = await manager.findOneBy(CalendarDay, { date });
      await manager.upsert(
        CalendarDay,
        { date, isWorkingDay: input.isWorkingDay, note: input.note || null },
        ['date'],
      );
      const after = { date, isWorkingDay: input.isWorkingDay, note: input.note || null };
      await this.audit.record(manager, actor, {
        action: 'calendar.override',
        entityType: 'calendar_day',
        entityId: date,
        before: before ? { date, isWorkingDay: before.isWorkingDay, note: before.note } : null,
        after,
      });
      return { ...after, source: 'override' as const };
    });
  }

  /** Drops an override: the date follows the packaged table (or the weekday) again. */
  async removeOverride(actor: Actor, date: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const before = await manager.findOneBy(CalendarDay, { date });
      if (!before) throw new AppError(ErrorCode.NotFound, `${date} 没有调整记录`);
      await manager.delete(CalendarDay, { date });
      await this.audit.record(manager, actor, {
        action: 'calendar.override_removed',
        entityType: 'calendar_day',
        entityId: date,
        before: { date, isWorkingDay: before.isWorkingDay, note: before.note },
        after: null,
      });
    });
  }

  /** Rebuilt only when the override table's content changes (it holds tens of rows). */
  async calendar(): Promise<WorkingCalendar> {
    const [{ key }] = await this.days.query(
      `SELECT md5(coalesce(string_agg(date::text || is_working_day::text, ',' ORDER BY date), '')) AS key FROM calendar_day`,
    );
    let cached = this.cached;
    if (!cached || cached.key !== key) {
      const rows: { date: string; working: boolean }[] = await this.days.query(
        `SELECT date::text AS date, is_working_day AS working FROM calendar_day`,
      );
      cached = { key, calendar: new WorkingCalendar(new Map(rows.map((row) => [row.date, row.working]))) };
      this.cached = cached;
    }
    this.warnIfUncovered();
    return cached.calendar;
  }

  private warnIfUncovered(): void {
    const year = Number(this.clock.today().slice(0, 4));
    if (year <= PACKAGED_YEARS.to || this.warnedYear === year) return;
    this.warnedYear = year;
    this.logger.warn(
      `节假日数据只覆盖到 ${PACKAGED_YEARS.to} 年：${year} 年按周一至周五计算工作日，请更新 chinese-days 或在 calendar_day 中录入当年的节假日和调休`,
    );
  }
}

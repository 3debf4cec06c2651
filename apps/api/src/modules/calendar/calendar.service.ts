import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { PACKAGED_YEARS, WorkingCalendar } from './working-calendar';

/** The working-day calendar: the packaged State Council table plus the admin overrides in `calendar_day`. */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  private cached: { key: string; calendar: WorkingCalendar } | null = null;
  private warnedYear: number | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Rebuilt only when the override table changes (its row count or latest update). */
  async calendar(): Promise<WorkingCalendar> {
    const [{ key }] = await this.dataSource.query(
      `SELECT count(*)::text || ':' || coalesce(max(updated_at)::text, '') AS key FROM calendar_day`,
    );
    let cached = this.cached;
    if (!cached || cached.key !== key) {
      const rows: { date: string; working: boolean }[] = await this.dataSource.query(
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

import { Injectable } from '@nestjs/common';
import { DEFAULT_SIGNAL_OPTIONS, dueSoonWindow } from '@duban/contracts';
import { Clock } from '../../common/clock';
import { CalendarService } from '../calendar/calendar.service';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { SettingsService } from '../settings/settings.service';
import type { SignalParams } from './task-query';

const TTL_MS = 5000;

/**
 * The day's signal parameters for the read side; the one place "due soon" gets its ruler. Kept for a
 * few seconds (like the account cache), so a list does not read the settings and the calendar each
 * time: a changed due-soon setting or calendar day shows within TTL_MS, a new day at once.
 */
@Injectable()
export class DeadlineSignals {
  private cached: { today: string; until: number; params: Promise<SignalParams> } | null = null;

  constructor(
    private readonly settings: SettingsService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
  ) {}

  params(): Promise<SignalParams> {
    const today = this.clock.today();
    const now = Date.now();
    if (this.cached && this.cached.today === today && this.cached.until > now) return this.cached.params;
    const params = this.load(today);
    this.cached = { today, until: now + TTL_MS, params };
    // A failed read is not kept.
    params.catch(() => {
      if (this.cached?.params === params) this.cached = null;
    });
    return params;
  }

  private async load(today: string): Promise<SignalParams> {
    const [rules, calendar] = await Promise.all([this.settings.reminderRules(), this.calendars.calendar()]);
    return signalParamsFor(today, rules.lightDueSoonDays, calendar);
  }
}

/** Due soon counts working days of the Chinese calendar, like the reminders: one ruler everywhere. */
export function signalParamsFor(
  today: string,
  dueSoonWorkingDays: number,
  calendar: WorkingCalendar,
): SignalParams {
  return {
    today,
    dueSoonWorkingDays,
    ...dueSoonWindow(today, dueSoonWorkingDays, (date, n) => calendar.addWorkingDays(date, n)),
    behindThreshold: DEFAULT_SIGNAL_OPTIONS.behindThreshold,
    workingDaysBetween: (from, to) => calendar.workingDaysBetween(from, to),
  };
}

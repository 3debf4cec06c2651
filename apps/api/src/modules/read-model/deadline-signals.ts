import { Injectable } from '@nestjs/common';
import { DEFAULT_SIGNAL_OPTIONS, dueSoonWindow } from '@duban/contracts';
import { Clock } from '../../common/clock';
import { CalendarService } from '../calendar/calendar.service';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { SettingsService } from '../settings/settings.service';
import type { SignalParams } from './task-query';

/** The day's signal parameters for the read side; the one place "due soon" gets its ruler. */
@Injectable()
export class DeadlineSignals {
  constructor(
    private readonly settings: SettingsService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
  ) {}

  async params(): Promise<SignalParams> {
    const [rules, calendar] = await Promise.all([this.settings.reminderRules(), this.calendars.calendar()]);
    return signalParamsFor(this.clock.today(), rules.lightDueSoonDays, calendar);
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

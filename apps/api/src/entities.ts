import { Attachment } from './modules/attachments/attachment.entity';
import { AuditEntry } from './modules/audit/audit-entry.entity';
import { CalendarDay } from './modules/calendar/calendar-day.entity';
import { Measure } from './modules/documents/measure.entity';
import { ImportJob } from './modules/documents/import-job.entity';
import { PolicyDocument } from './modules/documents/policy-document.entity';
import { Notification } from './modules/notifications/notification.entity';
import { AppSetting } from './modules/settings/app-setting.entity';
import { Reminder } from './modules/reminders/reminder.entity';
import { ReminderArchive } from './modules/reminders/reminder-archive.entity';
import { ReminderDirty } from './modules/reminders/reminder-dirty.entity';
import { ReminderSweepRun } from './modules/reminders/reminder-sweep-run.entity';
import { Assignment } from './modules/tasks/assignment.entity';
import { ExtensionRequest } from './modules/tasks/extension-request.entity';
import { ProgressReport } from './modules/tasks/progress-report.entity';
import { TaskComment } from './modules/tasks/task-comment.entity';
import { Task } from './modules/tasks/task.entity';
import { Unit } from './modules/units/unit.entity';
import { User } from './modules/users/user.entity';

export const ENTITIES = [
  AppSetting,
  Assignment,
  Attachment,
  AuditEntry,
  CalendarDay,
  ExtensionRequest,
  ImportJob,
  Measure,
  Notification,
  PolicyDocument,
  ProgressReport,
  Reminder,
  ReminderArchive,
  ReminderDirty,
  ReminderSweepRun,
  Task,
  TaskComment,
  Unit,
  User,
];

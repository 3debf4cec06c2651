// Queue and job names with their payloads, in one place for producers and processors.
export const QUEUE = {
  reminders: 'reminders',
  imports: 'imports',
  maintenance: 'maintenance',
} as const;

export const JOB = {
  sweep: 'sweep',
  deliver: 'deliver',
  parseDocument: 'parse-document',
  retention: 'retention',
} as const;

export interface SweepJobData {
  /** ISO instant to sweep "as of"; absent means now. */
  at?: string;
}

export interface DeliverJobData {
  reminderId: string;
}

export interface ParseDocumentJobData {
  importJobId: string;
}

export const SWEEP_SCHEDULER_ID = 'reminder-sweep';
export const RETENTION_SCHEDULER_ID = 'ledger-retention';

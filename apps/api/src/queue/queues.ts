// Queue and job names with their payloads, in one place for producers and processors.
export const QUEUE = {
  reminders: 'reminders',
  imports: 'imports',
} as const;

export const JOB = {
  sweep: 'sweep',
  deliver: 'deliver',
  parseDocument: 'parse-document',
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

import { z } from 'zod';
import { isoDate, pageQuerySchema } from './common';
import type { UnitResolution } from './directory';

export const DOCUMENT_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: '草稿',
  published: '已交办',
  withdrawn: '已撤回',
};

export interface SourceSpan {
  start: number;
  end: number;
}
export interface MeasureSpans {
  measure: SourceSpan;
  title: SourceSpan | null;
  leadUnits: SourceSpan[];
  responsibleUnits: SourceSpan[];
  deadline: SourceSpan | null;
}

export interface MeasureView {
  id: string;
  seq: number;
  number: string;
  path: string[];
  title: string;
  body: string;
  leadUnits: string[];
  responsibleUnits: string[];
  deadlineText: string | null;
  deadline: string | null;
  ongoing: boolean;
  spans: MeasureSpans | null;
  warnings: string[];
  resolution: Record<string, UnitResolution>;
  taskId: string | null;
  version: number;
}

export interface DocumentSummary {
  id: string;
  title: string;
  issuer: string | null;
  docNumber: string | null;
  issuedOn: string | null;
  region: string | null;
  status: DocumentStatus;
  measureCount: number;
  taskCount: number;
  createdAt: string;
}

export interface DocumentView extends DocumentSummary {
  sourceText: string;
  fileName: string | null;
  warnings: string[];
  measures: MeasureView[];
}

export const importTextSchema = z.object({
  text: z.string().trim().min(1, { message: '文件内容为空' }),
  fileName: z.string().trim().max(255).optional(),
});

export const documentListQuerySchema = pageQuerySchema.extend({
  status: z.enum(DOCUMENT_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
});

const unitNames = z.array(z.string().trim().min(1).max(200)).max(100);
export const updateMeasureSchema = z
  .object({
    number: z.string().trim().min(1).max(20).optional(),
    title: z.string().trim().min(1, { message: '标题不能为空' }).max(500).optional(),
    body: z.string().max(20000).optional(),
    leadUnits: unitNames.optional(),
    responsibleUnits: unitNames.optional(),
    deadline: isoDate.nullish(),
    deadlineText: z.string().trim().max(200).nullish(),
    ongoing: z.boolean().optional(),
    /** Choices a supervisor made for names the directory could not resolve: name → unit ids. */
    unitChoices: z.record(z.string(), z.array(z.uuid()).max(200)).optional(),
    /** Save each single-unit choice as an alias so the next document resolves by itself. */
    saveChoicesAsAliases: z.boolean().optional(),
    version: z.number().int().optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), { message: '没有要修改的内容' });
export type UpdateMeasureRequest = z.infer<typeof updateMeasureSchema>;

export const publishSchema = z
  .object({
    createMissingUnits: z.boolean().optional().default(false),
    reportCycle: z.enum(['weekly', 'monthly', 'quarterly']).optional(),
    /**
     * What to do with deadlines already past at publishing (an old notice published late): move them to
     * `newDeadline`, or keep them and mark those tasks late from the start. Without it such a publish is a 409.
     */
    pastDeadlines: z.enum(['reschedule', 'keep_late']).optional(),
    newDeadline: isoDate.optional(),
  })
  .refine((body) => body.pastDeadlines !== 'reschedule' || !!body.newDeadline, {
    message: '请填写新的完成时限',
    path: ['newDeadline'],
  });
export type PublishRequest = z.infer<typeof publishSchema>;

/** Details of the 409 a publish answers when some deadlines are already past and no choice was sent. */
export interface PastDeadlinesDetails {
  pastDeadlines: number;
  earliest: string;
  today: string;
}

export const withdrawDocumentSchema = z.object({
  reason: z.string().trim().min(2, { message: '请说明撤回理由' }).max(2000),
});
export type WithdrawDocumentRequest = z.infer<typeof withdrawDocumentSchema>;
export interface WithdrawResult {
  documentId: string;
  tasksCancelled: number;
}

export interface PublishResult {
  documentId: string;
  tasksCreated: number;
  assignmentsCreated: number;
  unitsCreated: string[];
  taskIds: string[];
}

export const IMPORT_JOB_STATES = ['waiting', 'active', 'completed', 'failed'] as const;
export interface ImportJobView {
  jobId: string;
  state: (typeof IMPORT_JOB_STATES)[number];
  progress: number;
  documentIds: string[];
  error: string | null;
}

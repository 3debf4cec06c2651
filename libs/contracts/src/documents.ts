import { z } from 'zod';
import { isoDate, type ListParams, pageQuerySchema, pageSchema, timestamp, uuid } from './common';
import { unitCandidateSchema, unitResolutionSchema, RESOLUTION_STATUSES } from './directory';

export const DOCUMENT_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: '草稿',
  published: '已交办',
  withdrawn: '已撤回',
};

const sourceSpanSchema = z.object({ start: z.number().int(), end: z.number().int() });
export type SourceSpan = z.infer<typeof sourceSpanSchema>;
const measureSpansSchema = z.object({
  measure: sourceSpanSchema,
  title: sourceSpanSchema.nullable(),
  leadUnits: z.array(sourceSpanSchema),
  responsibleUnits: z.array(sourceSpanSchema),
  deadline: sourceSpanSchema.nullable(),
});
export type MeasureSpans = z.infer<typeof measureSpansSchema>;

export const measureViewSchema = z.object({
  id: uuid,
  seq: z.number().int(),
  number: z.string(),
  path: z.array(z.string()),
  title: z.string(),
  body: z.string(),
  leadUnits: z.array(z.string()),
  responsibleUnits: z.array(z.string()),
  deadlineText: z.string().nullable(),
  deadline: z.string().nullable(),
  ongoing: z.boolean(),
  spans: measureSpansSchema.nullable(),
  /** The parser's doubts about the measure, as sentences a supervisor reads. */
  warnings: z.array(z.string()),
  /** The parser's confidence, 0–1; null for a measure added by hand. */
  confidence: z.number().nullable(),
  resolution: z.record(z.string(), unitResolutionSchema),
  taskId: z.string().nullable(),
  version: z.number().int(),
});
export type MeasureView = z.infer<typeof measureViewSchema>;

/** Measures below this confidence, or with any warning, count as needing a look. */
export const REVIEW_CONFIDENCE_THRESHOLD = 0.8;
export function measureNeedsReview(
  measure: Pick<MeasureView, 'warnings' | 'confidence' | 'resolution'>,
): boolean {
  return (
    measure.warnings.length > 0 ||
    (measure.confidence !== null && measure.confidence < REVIEW_CONFIDENCE_THRESHOLD) ||
    Object.values(measure.resolution).some((r) => r.unitIds.length === 0)
  );
}

/** Another document already in the system with the same 发文字号 or the same text. */
export const duplicateDocumentSchema = z.object({
  id: uuid,
  title: z.string(),
  docNumber: z.string().nullable(),
  status: z.enum(DOCUMENT_STATUSES),
  /** What matched: the 发文字号 or the whole text. */
  reason: z.enum(['doc_number', 'text']),
});
export type DuplicateDocument = z.infer<typeof duplicateDocumentSchema>;

export const documentSummarySchema = z.object({
  id: uuid,
  title: z.string(),
  issuer: z.string().nullable(),
  docNumber: z.string().nullable(),
  issuedOn: z.string().nullable(),
  region: z.string().nullable(),
  status: z.enum(DOCUMENT_STATUSES),
  measureCount: z.number().int(),
  taskCount: z.number().int(),
  createdAt: timestamp,
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;
export const documentPageSchema = pageSchema(documentSummarySchema);

export const documentViewSchema = documentSummarySchema.extend({
  sourceText: z.string(),
  fileName: z.string().nullable(),
  warnings: z.array(z.string()),
  measures: z.array(measureViewSchema),
  /** Documents that look like this one (imported twice?), visible to the caller. */
  duplicates: z.array(duplicateDocumentSchema),
});
export type DocumentView = z.infer<typeof documentViewSchema>;

export const importTextSchema = z.object({
  text: z.string().trim().min(1, { message: '文件内容为空' }),
  fileName: z.string().trim().max(255).optional(),
});

export type ImportTextRequest = z.infer<typeof importTextSchema>;

export const IMPORT_JOB_STATES = ['waiting', 'active', 'completed', 'failed'] as const;
/**
 * An import answers 201 with the parsed drafts, or (a large text, parsed off the request) 202 with a job
 * to poll at GET /documents/import-jobs/:jobId.
 */
export const importResultSchema = z.union([
  z.object({ documents: z.array(documentViewSchema) }),
  z.object({ jobId: z.string(), state: z.enum(IMPORT_JOB_STATES) }),
]);
export type ImportResult = z.infer<typeof importResultSchema>;

export const documentListQuerySchema = pageQuerySchema.extend({
  status: z.enum(DOCUMENT_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
});
export type DocumentListParams = ListParams<typeof documentListQuerySchema>;

const unitNames = z.array(z.string().trim().min(1).max(200)).max(100);

/** A measure a supervisor adds by hand, after `afterMeasureId` (or first when absent). */
export const createMeasureSchema = z.object({
  afterMeasureId: uuid.nullish(),
  number: z.string().trim().min(1).max(20).optional(),
  title: z.string().trim().min(1, { message: '标题不能为空' }).max(500),
  body: z.string().max(20000).default(''),
  leadUnits: unitNames.default([]),
  responsibleUnits: unitNames.default([]),
  deadlineText: z.string().trim().max(200).nullish(),
  deadline: isoDate.nullish(),
  ongoing: z.boolean().default(false),
});
export type CreateMeasureRequest = z.infer<typeof createMeasureSchema>;
export type CreateMeasureInput = z.input<typeof createMeasureSchema>;

/** One measure into two: the body splits at `at` (a character offset), the second part gets its own title. */
export const splitMeasureSchema = z.object({
  at: z.number().int().min(1, { message: '拆分位置不正确' }),
  secondTitle: z.string().trim().min(1).max(500).optional(),
  version: z.number().int().optional(),
});
export type SplitMeasureRequest = z.infer<typeof splitMeasureSchema>;

/** Several measures into the first of them (in document order): bodies joined, units and warnings combined. */
export const mergeMeasuresSchema = z.object({
  measureIds: z
    .array(uuid)
    .min(2, { message: '请至少选择两条措施' })
    .max(20, { message: '一次最多合并 20 条措施' })
    .refine((ids) => new Set(ids).size === ids.length, { message: '措施不能重复' }),
});
export type MergeMeasuresRequest = z.infer<typeof mergeMeasuresSchema>;

export const measureListSchema = z.object({ measures: z.array(measureViewSchema) });
export type MeasureList = z.infer<typeof measureListSchema>;
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
    /** Take each proposed alias (市金融局 → 市地方金融监督管理局): assign to that unit and save the alias. */
    acceptProposedAliases: z.boolean().optional().default(false),
    /** Publish although another document with the same 发文字号 or text is already published. */
    confirmDuplicate: z.boolean().optional().default(false),
  })
  .refine((body) => body.pastDeadlines !== 'reschedule' || !!body.newDeadline, {
    message: '请填写新的完成时限',
    path: ['newDeadline'],
  });
export type PublishRequest = z.infer<typeof publishSchema>;
/** What a client sends (every option may be left out). */
export type PublishOptions = z.input<typeof publishSchema>;

/** Details of the 409 a publish answers when some deadlines are already past and no choice was sent. */
export const pastDeadlinesDetailsSchema = z.object({
  pastDeadlines: z.number().int(),
  earliest: z.string(),
  today: z.string(),
});
export type PastDeadlinesDetails = z.infer<typeof pastDeadlinesDetailsSchema>;

export const withdrawDocumentSchema = z.object({
  reason: z.string().trim().min(2, { message: '请说明撤回理由' }).max(2000),
});
export type WithdrawDocumentRequest = z.infer<typeof withdrawDocumentSchema>;
export const withdrawResultSchema = z.object({
  documentId: uuid,
  tasksCancelled: z.number().int(),
});
export type WithdrawResult = z.infer<typeof withdrawResultSchema>;

/** A printed name that reads as a short form of one existing unit, proposed as its alias. */
export const aliasProposalSchema = z.object({
  name: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  path: z.string(),
});
export type AliasProposal = z.infer<typeof aliasProposalSchema>;
/** A printed name of a measure that met no unit of the directory. */
export const unresolvedNameSchema = z.object({
  measure: z.string(),
  name: z.string(),
  status: z.enum(RESOLUTION_STATUSES),
  candidates: z.array(unitCandidateSchema),
  groupPhrase: z.boolean(),
});
export type UnresolvedName = z.infer<typeof unresolvedNameSchema>;
/** `details` of a 409 UNRESOLVED_UNITS on publish: every such 409 names what is unresolved. */
export const unresolvedUnitsDetailsSchema = z.object({
  /** The names to choose units for (each once). */
  unresolved: z.array(z.string()),
  /** Each unresolved name with its measure and candidates. */
  items: z.array(unresolvedNameSchema),
  aliasProposals: z.array(aliasProposalSchema).optional(),
  measuresWithoutUnits: z.array(z.object({ id: uuid, number: z.string() })).optional(),
});
export type UnresolvedUnitsDetails = z.infer<typeof unresolvedUnitsDetailsSchema>;
/** `details` of a 409 CONFLICT on publish when the notice was already published. */
export const duplicatePublishDetailsSchema = z.object({ duplicates: z.array(duplicateDocumentSchema) });
export type DuplicatePublishDetails = z.infer<typeof duplicatePublishDetailsSchema>;

export const publishResultSchema = z.object({
  documentId: uuid,
  tasksCreated: z.number().int(),
  assignmentsCreated: z.number().int(),
  unitsCreated: z.array(z.string()),
  taskIds: z.array(uuid),
  /** Names saved as aliases of the units they were proposed for. */
  aliasesConfirmed: z.array(z.string()),
  /** Generic group phrases (各开发区管委会) left unassigned: no unit was created for them. */
  groupPhrasesLeft: z.array(z.string()),
  /** Measures that named only group phrases: no task yet, a person chooses their units. */
  measuresLeftUnassigned: z.array(z.object({ id: uuid, number: z.string(), names: z.array(z.string()) })),
});
export type PublishResult = z.infer<typeof publishResultSchema>;

/** A notice an import stored, as the import dialog lists it: what it is, and what in the system looks like it. */
export const importedDocumentSchema = z.object({
  id: uuid,
  title: z.string(),
  docNumber: z.string().nullable(),
  measureCount: z.number().int(),
  /** Documents already in the system with the same 发文字号 or text, visible to the importer. */
  duplicates: z.array(duplicateDocumentSchema),
});
export type ImportedDocument = z.infer<typeof importedDocumentSchema>;

export const importJobViewSchema = z.object({
  jobId: z.string(),
  state: z.enum(IMPORT_JOB_STATES),
  progress: z.number(),
  documentIds: z.array(uuid),
  /** The stored notices with their duplicates, once completed (a compilation yields several). */
  documents: z.array(importedDocumentSchema),
  error: z.string().nullable(),
});
export type ImportJobView = z.infer<typeof importJobViewSchema>;

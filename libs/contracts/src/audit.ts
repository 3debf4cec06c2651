import { z } from 'zod';
import { type ListParams, pageQuerySchema, timestamp, uuid } from './common';
import { cappedPageSchema } from './tasks';

export const auditEntryViewSchema = z.object({
  id: z.string(),
  at: timestamp,
  actorId: uuid.nullable(),
  actorName: z.string().nullable(),
  /** The actor's unit today (null for system entries and users without a unit). */
  actorUnitName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  /** The entity before and after, as recorded (any JSON). */
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;
/** The trail grows fastest of all (3.3 M entries at 1M assignments): its total stops counting at TOTAL_CAP. */
export const auditPageSchema = cappedPageSchema(auditEntryViewSchema);
export const auditQuerySchema = pageQuerySchema.extend({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(64).optional(),
  actorId: uuid.optional(),
  /** Entries by people of this unit or the units below it. */
  unitId: uuid.optional(),
});
export type AuditParams = ListParams<typeof auditQuerySchema>;
export type AuditFilters = Omit<AuditParams, 'page' | 'pageSize'>;

/** A person the audit filter can pick, found by name or user name inside the caller's jurisdiction. */
export const auditActorOptionSchema = z.object({
  id: uuid,
  displayName: z.string(),
  unitName: z.string().nullable(),
});
export type AuditActorOption = z.infer<typeof auditActorOptionSchema>;
export const auditActorQuerySchema = z.object({ q: z.string().trim().max(50).optional() });

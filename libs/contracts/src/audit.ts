import { z } from 'zod';
import { pageQuerySchema, uuid } from './common';

export interface AuditEntryView {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  /** The actor's unit today (null for system entries and users without a unit). */
  actorUnitName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}
export const auditQuerySchema = pageQuerySchema.extend({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(64).optional(),
  actorId: uuid.optional(),
  /** Entries by people of this unit or the units below it. */
  unitId: uuid.optional(),
});

/** A person the audit filter can pick, found by name or user name inside the caller's jurisdiction. */
export interface AuditActorOption {
  id: string;
  displayName: string;
  unitName: string | null;
}
export const auditActorQuerySchema = z.object({ q: z.string().trim().max(50).optional() });

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import {
  ErrorCode,
  type CreateMeasureRequest,
  type DocumentSummary,
  type DuplicateDocument,
  type ImportedDocument,
  type MergeMeasuresRequest,
  type SplitMeasureRequest,
  type DocumentView,
  type ImportJobView,
  type MeasureSpans,
  type MeasureView,
  type Page,
  type UnitResolution,
  type UpdateMeasureRequest,
} from '@duban/contracts';
import { documentDeadline, extractText, parsePolicyText, type ParsedDocument } from '@duban/policy-parser';
import { Queue } from 'bullmq';
import { EntityManager, In, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { AppError, forbidden, notFound, staleVersion } from '../../common/app-error';
import { SqlParams } from '../../common/sql-params';
import { scopeOf, unitInScope, withinScope } from '../units/jurisdiction';
import { containsPattern } from '../../common/like';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { Transactions } from '../../database/transactions';
import { assertQueueReachable } from '../../queue/queue-reachable';
import { JOB, QUEUE, type ParseDocumentJobData } from '../../queue/queues';
import { AuditService } from '../audit/audit.service';
import type { UnitResolver } from '../units/unit-resolver';
import { TasksService } from '../tasks/tasks.service';
import { UnitsService } from '../units/units.service';
import { ImportJob } from './import-job.entity';
import { Measure } from './measure.entity';
import { PolicyDocument } from './policy-document.entity';

export const IMPORTABLE_TYPES = /\.(txt|md|docx|pdf)$/i;

export type ImportOutcome = { documents: DocumentView[] } | { jobId: string; state: 'waiting' };

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(PolicyDocument) private readonly documents: Repository<PolicyDocument>,
    @InjectRepository(Measure) private readonly measures: Repository<Measure>,
    @InjectRepository(ImportJob) private readonly importJobs: Repository<ImportJob>,
    @InjectQueue(QUEUE.imports) private readonly imports: Queue<ParseDocumentJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
  ) {}

  /** Text from an upload; unsupported or empty files are refused before anything is stored. */
  async textOfUpload(file: { buffer: Buffer; originalname: string }): Promise<string> {
    if (!IMPORTABLE_TYPES.test(file.originalname)) {
      throw new AppError(ErrorCode.BadRequest, '仅支持 .txt、.md、.docx、.pdf 文件');
    }
    try {
      return await extractText(file.buffer, file.originalname);
    } catch (error) {
      throw new AppError(
        ErrorCode.Unparseable,
        `无法读取文件“${file.originalname}”：${(error as Error).message}`,
      );
    }
  }

  /** Parses and stores drafts now, or for a large text queues a background job the web can poll. */
  async import(actor: Actor, text: string, fileName: string | null): Promise<ImportOutcome> {
    if (!text.trim()) throw new AppError(ErrorCode.Unparseable, '文件内容为空，没有可识别的文字');
    if (Buffer.byteLength(text) > this.config.importAsyncThresholdBytes) {
      await assertQueueReachable(this.imports);
      const job = await this.importJobs.save({
        fileName,
        sourceText: text,
        createdBy: actor.userId,
        createdByName: actor.displayName,
        createdByRoles: actor.roles,
        createdByUnitId: actor.unitId,
      });
      await this.enqueueImport(job.id);
      return { jobId: job.id, state: 'waiting' };
    }
    const ids = await this.parseAndStore(actor, text, fileName);
    return { documents: await Promise.all(ids.map((id) => this.get(id, actor))) };
  }

  async enqueueImport(importJobId: string): Promise<void> {
    await this.imports.add(JOB.parseDocument, { importJobId }, { jobId: importJobId, attempts: 2 });
  }

  /** Worker side of a queued import. */
  async runImportJob(importJobId: string, onProgress: (percent: number) => Promise<void>): Promise<void> {
    const repo = this.importJobs;
    // One worker parses a job: claim it, or take over one whose worker died (no progress for 10 minutes).
    const claimed: { id: string }[] = await this.documents.query(
      `UPDATE import_job SET state = 'active', progress = 10, updated_at = now()
        WHERE id = $1 AND (state = 'waiting' OR (state = 'active' AND updated_at < now() - interval '10 minutes'))
        RETURNING id`,
      [importJobId],
    );
    const job = claimed.length ? await repo.findOneBy({ id: importJobId }) : null;
    if (!job) return;
    await onProgress(10);
    try {
      // The importer as they were when they imported (their unit owns the documents).
      const actor: Actor = {
        userId: job.createdBy,
        username: '',
        displayName: job.createdByName,
        roles: job.createdByRoles,
        unitId: job.createdByUnitId,
      };
      const ids = await this.parseAndStore(actor, job.sourceText ?? '', job.fileName);
      await repo.update(job.id, { state: 'completed', progress: 100, documentIds: ids, sourceText: null });
      await onProgress(100);
    } catch (error) {
      const message = error instanceof AppError ? error.message : '解析失败，请检查文件内容';
      if (!(error instanceof AppError)) this.logger.error((error as Error).stack);
      await repo.update(job.id, { state: 'failed', error: message, sourceText: null });
    }
  }

  /** Import rows still waiting after a restart or a Redis loss go back on the queue. */
  async requeueWaitingImports(): Promise<number> {
    const waiting = await this.importJobs.find({ where: [{ state: 'waiting' }, { state: 'active' }] });
    for (const job of waiting) await this.enqueueImport(job.id);
    return waiting.length;
  }

  async importJob(id: string, actor: Actor): Promise<ImportJobView> {
    const job = await this.importJobs.findOneBy({ id });
    if (!job || (job.createdBy !== actor.userId && !actor.roles.includes('admin')))
      throw notFound('导入任务');
    return {
      jobId: job.id,
      state: job.state,
      progress: job.progress,
      documentIds: job.documentIds,
      documents: job.state === 'completed' ? await this.imported(actor, job.documentIds) : [],
      error: job.error,
    };
  }

  /** The notices an import stored, in its order, each with the documents already in the system like it. */
  private async imported(actor: Actor, ids: string[]): Promise<ImportedDocument[]> {
    if (!ids.length) return [];
    const manager = this.documents.manager;
    const documents = await this.documents.find({ where: { id: In(ids) } });
    const counts: { document_id: string; count: number }[] = await manager.query(
      'SELECT document_id, count(*)::int AS count FROM measure WHERE document_id = ANY($1) GROUP BY document_id',
      [ids],
    );
    const measures = new Map(counts.map((row) => [row.document_id, row.count]));
    const byId = new Map(documents.map((document) => [document.id, document]));
    const found = ids.map((id) => byId.get(id)).filter((d): d is PolicyDocument => d !== undefined);
    return Promise.all(
      found.map(async (document) => ({
        id: document.id,
        title: document.title,
        docNumber: document.docNumber,
        measureCount: measures.get(document.id) ?? 0,
        duplicates: await duplicatesOf(manager, actor, document),
      })),
    );
  }

  /** Parses and stores now, whatever the size (the queue job and the demo seed use it). */
  async parseAndStore(actor: Actor, text: string, fileName: string | null): Promise<string[]> {
    const documents = parsePolicyText(text).documents;
    let parsed = documents.filter((doc) => doc.measures.length > 0);
    // A notice the parser finds no measures in (yet) still goes through when it is recognisably a notice
    // (a title with a 发文字号 or date): the supervisor adds its measures by hand on the review page.
    if (!parsed.length)
      parsed = documents.filter((doc) => doc.title && (doc.docNumber || doc.issuedOn)).slice(0, 1);
    if (!parsed.length) {
      throw new AppError(
        ErrorCode.Unparseable,
        '未能从文件中识别出政策文件或编号措施，请确认内容为通知、实施方案等带编号条目的文件',
      );
    }
    return this.transactions.run(async (manager) => {
      const ids: string[] = [];
      for (const doc of parsed) ids.push(await this.storeDocument(manager, actor, text, doc, fileName));
      return ids;
    });
  }

  private async storeDocument(
    manager: EntityManager,
    actor: Actor,
    text: string,
    parsed: ParsedDocument,
    fileName: string | null,
  ): Promise<string> {
    // Each document keeps only its own slice of a compilation; spans are shifted to match.
    const offset = parsed.span.start;
    const document = manager.create(PolicyDocument, {
      title: parsed.title.slice(0, 500),
      issuer: parsed.issuer,
      docNumber: parsed.docNumber,
      issuedOn: parsed.issuedOn,
      region: parsed.region,
      sourceText: text.slice(parsed.span.start, parsed.span.end),
      fileName,
      warnings: parsed.warnings,
      textHash: textFingerprint(text.slice(parsed.span.start, parsed.span.end)),
      createdBy: actor.userId,
      ownerUnitId: actor.unitId ?? (await this.units.regionGovernment(manager, parsed.region)),
    });
    await manager.save(document);
    const shift = (span: { start: number; end: number }) => ({
      start: span.start - offset,
      end: span.end - offset,
    });
    const measures = parsed.measures.map((m, index) =>
      manager.create(Measure, {
        documentId: document.id,
        seq: index + 1,
        number: m.number,
        path: m.path,
        title: m.title,
        body: m.body,
        leadUnits: m.leadUnits,
        responsibleUnits: m.responsibleUnits,
        deadlineText: m.deadlineText,
        deadline: m.deadline,
        ongoing: m.ongoing,
        warnings: m.warnings,
        confidence: m.confidence,
        spans: {
          measure: shift(m.spans.measure),
          title: m.spans.title && shift(m.spans.title),
          leadUnits: m.spans.leadUnits.map(shift),
          responsibleUnits: m.spans.responsibleUnits.map(shift),
          deadline: m.spans.deadline && shift(m.spans.deadline),
        },
      }),
    );
    await manager.insert(Measure, measures);
    await this.audit.record(manager, actor, {
      action: 'document.import',
      entityType: 'document',
      entityId: document.id,
      after: { title: document.title, docNumber: document.docNumber, measures: measures.length, fileName },
    });
    return document.id;
  }

  async list(
    actor: Actor,
    query: { page: number; pageSize: number; status?: string; q?: string },
  ): Promise<Page<DocumentSummary>> {
    const params = new SqlParams();
    const where: string[] = [];
    const visible = unitInScope(scopeOf(actor), 'd.owner_unit_id', params);
    if (visible) where.push(visible);
    if (query.status) where.push(`d.status = ${params.add(query.status)}`);
    if (query.q) {
      const pattern = params.add(containsPattern(query.q));
      where.push(`(d.title ILIKE ${pattern} OR d.doc_number ILIKE ${pattern})`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.documents.query(
      `SELECT count(*)::int AS total FROM policy_document d ${filter}`,
      params.values,
    );
    const page = new SqlParams(...params.values);
    const rows = await this.documents.query(
      `SELECT d.id, d.title, d.issuer, d.doc_number AS "docNumber", to_char(d.issued_on, 'YYYY-MM-DD') AS "issuedOn",
              d.region, d.status, d.created_at AS "createdAt",
              (SELECT count(*)::int FROM measure m WHERE m.document_id = d.id) AS "measureCount"
         FROM policy_document d ${filter}
        ORDER BY d.created_at DESC, d.id
        LIMIT ${page.add(query.pageSize)} OFFSET ${page.add((query.page - 1) * query.pageSize)}`,
      page.values,
    );
    // Tasks belong to the tasks module: it counts them.
    const tasks = await this.tasks.countByDocument(rows.map((row: { id: string }) => row.id));
    return {
      items: rows.map((row: Omit<DocumentSummary, 'taskCount'> & { createdAt: Date }) => ({
        ...row,
        taskCount: tasks.get(row.id) ?? 0,
        createdAt: new Date(row.createdAt).toISOString(),
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(id: string, actor: Actor): Promise<DocumentView> {
    const document = await this.documents.findOneBy({ id });
    if (!document || !(await documentVisible(this.documents.manager, actor, document)))
      throw notFound('文件');
    const measures = await this.measures.find({ where: { documentId: id }, order: { seq: 'ASC' } });
    const taskIds = await this.tasks.idsByMeasure(measures.map((m) => m.id));
    const resolver = await this.units.resolver();
    return {
      id: document.id,
      title: document.title,
      issuer: document.issuer,
      docNumber: document.docNumber,
      issuedOn: document.issuedOn,
      region: document.region,
      status: document.status,
      measureCount: measures.length,
      taskCount: taskIds.size,
      createdAt: document.createdAt.toISOString(),
      sourceText: document.sourceText,
      fileName: document.fileName,
      warnings: document.warnings,
      measures: measures.map((m) =>
        toMeasureView(m, resolveMeasure(m, resolver, document.region), taskIds.get(m.id) ?? null),
      ),
      duplicates: await duplicatesOf(this.documents.manager, actor, document),
    };
  }

  async updateMeasure(
    actor: Actor,
    documentId: string,
    measureId: string,
    body: UpdateMeasureRequest,
  ): Promise<MeasureView> {
    await this.transactions.run(async (manager) => {
      const document = await this.lockDraft(manager, actor, documentId);
      const measure = await manager.findOne(Measure, {
        where: { id: measureId, documentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!measure) throw notFound('措施');
      if (body.version !== undefined && body.version !== measure.version) throw staleVersion(measure.version);
      const before = { ...measure };
      if (body.number !== undefined) measure.number = body.number;
      if (body.title !== undefined) measure.title = body.title;
      if (body.body !== undefined) measure.body = body.body;
      if (body.leadUnits !== undefined) measure.leadUnits = body.leadUnits;
      if (body.responsibleUnits !== undefined) measure.responsibleUnits = body.responsibleUnits;
      if (body.ongoing !== undefined) measure.ongoing = body.ongoing;
      if (body.deadlineText !== undefined) {
        measure.deadlineText = body.deadlineText ?? null;
        if (body.deadline === undefined) {
          const parsed = measure.deadlineText
            ? documentDeadline(measure.deadlineText, document)
            : { deadline: null, ongoing: false };
          measure.deadline = parsed.deadline;
          if (body.ongoing === undefined) measure.ongoing = parsed.ongoing;
        }
      }
      if (body.deadline !== undefined) measure.deadline = body.deadline ?? null;
      if (body.unitChoices) {
        const chosen = Object.values(body.unitChoices).flat();
        await this.units.assertExist(manager, chosen);
        if (!(await withinScope(manager, scopeOf(actor), chosen)))
          throw forbidden('所选单位不在您的管辖范围内');
        measure.unitChoices = { ...measure.unitChoices, ...body.unitChoices };
        // The same name means the same units everywhere in the document.
        const names = Object.keys(body.unitChoices);
        await manager.query(
          `UPDATE measure SET unit_choices = unit_choices || $1::jsonb, version = version + 1, updated_at = now()
            WHERE document_id = $2 AND id <> $3 AND (lead_units && $4::text[] OR responsible_units && $4::text[])`,
          [JSON.stringify(body.unitChoices), documentId, measure.id, names],
        );
        if (body.saveChoicesAsAliases) {
          for (const [name, ids] of Object.entries(body.unitChoices)) {
            if (ids.length === 1) await this.units.addAlias(manager, actor, ids[0], name);
          }
        }
      }
      measure.version += 1;
      await manager.save(measure);
      await this.audit.record(manager, actor, {
        action: 'measure.update',
        entityType: 'measure',
        entityId: measure.id,
        before,
        after: measure,
      });
    });
    const view = await this.get(documentId, actor);
    return view.measures.find((m) => m.id === measureId)!;
  }

  /** A measure the parser missed, typed in by a supervisor. */
  async createMeasure(actor: Actor, documentId: string, body: CreateMeasureRequest): Promise<MeasureView> {
    const id = await this.transactions.run(async (manager) => {
      const document = await this.lockDraft(manager, actor, documentId);
      const order = await this.measureOrder(manager, documentId);
      const at = body.afterMeasureId ? order.indexOf(body.afterMeasureId) + 1 : 0;
      if (body.afterMeasureId && at === 0) throw notFound('措施');
      const deadline =
        body.deadline !== undefined || !body.deadlineText
          ? { deadline: body.deadline ?? null, ongoing: body.ongoing }
          : documentDeadline(body.deadlineText, document);
      const measure = manager.create(Measure, {
        documentId,
        seq: order.length + 1,
        number: body.number ?? String(order.length + 1),
        path: [],
        title: body.title,
        body: body.body,
        leadUnits: body.leadUnits,
        responsibleUnits: body.responsibleUnits,
        deadlineText: body.deadlineText ?? null,
        deadline: deadline.deadline,
        ongoing: body.ongoing || deadline.ongoing,
        warnings: [],
        confidence: null,
        spans: null,
      });
      await manager.save(measure);
      await this.renumber(manager, documentId, [...order.slice(0, at), measure.id, ...order.slice(at)]);
      await this.audit.record(manager, actor, {
        action: 'measure.create',
        entityType: 'measure',
        entityId: measure.id,
        after: measure,
      });
      return measure.id;
    });
    return this.measureView(actor, documentId, id);
  }

  /** One measure into two at a character offset of its body; both keep its units and deadline. */
  async splitMeasure(
    actor: Actor,
    documentId: string,
    measureId: string,
    body: SplitMeasureRequest,
  ): Promise<MeasureView[]> {
    const ids = await this.transactions.run(async (manager) => {
      await this.lockDraft(manager, actor, documentId);
      const measure = await manager.findOne(Measure, {
        where: { id: measureId, documentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!measure) throw notFound('措施');
      if (body.version !== undefined && body.version !== measure.version) throw staleVersion(measure.version);
      const first = measure.body.slice(0, body.at).trim();
      const rest = measure.body.slice(body.at).trim();
      if (body.at >= measure.body.length || !first || !rest)
        throw new AppError(ErrorCode.BadRequest, '拆分位置须在措施内容中间，两部分都不能为空');
      const before = { ...measure };
      const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = measure;
      const second = manager.create(Measure, {
        ...copy,
        seq: (await this.measureOrder(manager, documentId)).length + 1,
        number: `${measure.number}-2`,
        title: body.secondTitle ?? titleOf(rest),
        body: rest,
        version: 1,
      });
      measure.body = first;
      measure.version += 1;
      await manager.save(measure);
      await manager.save(second);
      const order = (await this.measureOrder(manager, documentId)).filter((id) => id !== second.id);
      order.splice(order.indexOf(measure.id) + 1, 0, second.id);
      await this.renumber(manager, documentId, order);
      await this.audit.record(manager, actor, {
        action: 'measure.split',
        entityType: 'measure',
        entityId: measure.id,
        before,
        after: { first: measure, second },
      });
      return [measure.id, second.id];
    });
    const view = await this.get(documentId, actor);
    return ids.map((id) => view.measures.find((m) => m.id === id)!);
  }

  /** Several measures into the first of them in document order; the others are deleted. */
  async mergeMeasures(actor: Actor, documentId: string, body: MergeMeasuresRequest): Promise<MeasureView> {
    const id = await this.transactions.run(async (manager) => {
      await this.lockDraft(manager, actor, documentId);
      const measures = await manager.find(Measure, {
        where: body.measureIds.map((id) => ({ id, documentId })),
        order: { seq: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      if (measures.length !== body.measureIds.length) throw notFound('措施');
      const [kept, ...merged] = measures;
      const before = measures.map((m) => ({ ...m }));
      const all = <T>(pick: (m: Measure) => T[]) => [...new Set(measures.flatMap(pick))];
      kept.body = measures.map((m) => m.body).join('\n');
      kept.leadUnits = all((m) => m.leadUnits);
      kept.responsibleUnits = all((m) => m.responsibleUnits).filter((u) => !kept.leadUnits.includes(u));
      kept.warnings = all((m) => m.warnings);
      kept.unitChoices = Object.assign({}, ...measures.map((m) => m.unitChoices));
      // The latest deadline holds for the whole; an ongoing part keeps the whole ongoing.
      const latest = measures
        .filter((m) => m.deadline)
        .sort((a, b) => b.deadline!.localeCompare(a.deadline!))[0];
      kept.deadline = latest?.deadline ?? null;
      kept.deadlineText = latest?.deadlineText ?? kept.deadlineText;
      kept.ongoing = measures.some((m) => m.ongoing);
      const confidences = measures.map((m) => m.confidence).filter((c): c is number => c !== null);
      kept.confidence = confidences.length ? Math.min(...confidences) : null;
      kept.spans = mergeSpans(measures.map((m) => m.spans));
      kept.version += 1;
      await manager.delete(
        Measure,
        merged.map((m) => m.id),
      );
      await manager.save(kept);
      await this.renumber(manager, documentId, await this.measureOrder(manager, documentId));
      await this.audit.record(manager, actor, {
        action: 'measure.merge',
        entityType: 'measure',
        entityId: kept.id,
        before,
        after: kept,
      });
      return kept.id;
    });
    return this.measureView(actor, documentId, id);
  }

  private async measureView(actor: Actor, documentId: string, measureId: string): Promise<MeasureView> {
    const view = await this.get(documentId, actor);
    return view.measures.find((m) => m.id === measureId)!;
  }

  private async measureOrder(manager: EntityManager, documentId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      'SELECT id FROM measure WHERE document_id = $1 ORDER BY seq',
      [documentId],
    );
    return rows.map((row) => row.id);
  }

  /** Gives the measures seq 1..n in this order (through negatives, so the unique seq never collides). */
  private async renumber(manager: EntityManager, documentId: string, ids: string[]): Promise<void> {
    await manager.query('UPDATE measure SET seq = -seq WHERE document_id = $1', [documentId]);
    await manager.query(
      `UPDATE measure m SET seq = o.ord FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ord)
        WHERE m.id = o.id AND m.document_id = $2`,
      [ids, documentId],
    );
  }

  async deleteMeasure(actor: Actor, documentId: string, measureId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.lockDraft(manager, actor, documentId);
      const measure = await manager.findOneBy(Measure, { id: measureId, documentId });
      if (!measure) throw notFound('措施');
      await manager.delete(Measure, measure.id);
      await this.audit.record(manager, actor, {
        action: 'measure.delete',
        entityType: 'measure',
        entityId: measure.id,
        before: measure,
      });
    });
  }

  /** Deletes a draft and its measures; a published document is withdrawn instead. */
  async deleteDraft(actor: Actor, documentId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const document = await this.lockDraft(manager, actor, documentId, '只能删除草稿；已交办的文件请撤回');
      const measures = await manager.countBy(Measure, { documentId });
      await manager.delete(Measure, { documentId });
      await manager.delete(PolicyDocument, documentId);
      await this.audit.record(manager, actor, {
        action: 'document.delete',
        entityType: 'document',
        entityId: documentId,
        before: { title: document.title, docNumber: document.docNumber, status: document.status, measures },
      });
    });
  }

  /** Locks a document for a change, refusing one outside the caller's jurisdiction or no longer a draft. */
  async lockDraft(
    manager: EntityManager,
    actor: Actor,
    documentId: string,
    refusal = '文件已交办，不能再修改措施',
  ): Promise<PolicyDocument> {
    const document = await manager.findOne(PolicyDocument, {
      where: { id: documentId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!document || !(await documentVisible(manager, actor, document))) throw notFound('文件');
    if (document.status !== 'draft')
      throw new AppError(ErrorCode.IllegalTransition, refusal, {
        status: document.status,
      });
    return document;
  }
}

/** Each printed unit name of a measure resolved, with the supervisor's own choice taking precedence. */
export function resolveMeasure(
  measure: Measure,
  resolver: UnitResolver,
  region: string | null,
): Record<string, UnitResolution> {
  const resolution: Record<string, UnitResolution> = {};
  for (const name of [...measure.leadUnits, ...measure.responsibleUnits]) {
    const chosen = measure.unitChoices[name];
    const automatic = resolver.resolve(name, region);
    resolution[name] = chosen?.length
      ? { ...automatic, unitIds: chosen, status: 'exact', needsChoice: false }
      : automatic;
  }
  return resolution;
}

function toMeasureView(
  measure: Measure,
  resolution: Record<string, UnitResolution>,
  taskId: string | null,
): MeasureView {
  return {
    id: measure.id,
    seq: measure.seq,
    number: measure.number,
    path: measure.path,
    title: measure.title,
    body: measure.body,
    leadUnits: measure.leadUnits,
    responsibleUnits: measure.responsibleUnits,
    deadlineText: measure.deadlineText,
    deadline: measure.deadline,
    ongoing: measure.ongoing,
    spans: measure.spans,
    warnings: measure.warnings,
    confidence: measure.confidence,
    resolution,
    taskId,
    version: measure.version,
  };
}

/** Other documents with the same 发文字号 or the same text that the caller may open. */
export async function duplicatesOf(
  manager: EntityManager,
  actor: Actor,
  document: PolicyDocument,
  options: { publishedOnly?: boolean } = {},
): Promise<DuplicateDocument[]> {
  if (!document.docNumber && !document.textHash) return [];
  const sql = new SqlParams();
  const same = [
    document.docNumber ? `d.doc_number = ${sql.add(document.docNumber)}` : null,
    document.textHash ? `d.text_hash = ${sql.add(document.textHash)}` : null,
  ].filter(Boolean);
  const where = [`d.id <> ${sql.add(document.id)}`, `(${same.join(' OR ')})`];
  if (options.publishedOnly) where.push(`d.status = 'published'`);
  const visible = unitInScope(scopeOf(actor), 'd.owner_unit_id', sql);
  if (visible) where.push(visible);
  const rows: Omit<DuplicateDocument, 'reason'>[] = await manager.query(
    `SELECT d.id, d.title, d.doc_number AS "docNumber", d.status
       FROM policy_document d WHERE ${where.join(' AND ')} ORDER BY d.created_at LIMIT 10`,
    sql.values,
  );
  return rows.map((row) => ({
    ...row,
    reason: document.docNumber && row.docNumber === document.docNumber ? 'doc_number' : 'text',
  }));
}

/** Whether the document is owned inside the caller's jurisdiction (an unowned one only for those who see all). */
export async function documentVisible(
  manager: EntityManager,
  actor: Actor,
  document: PolicyDocument,
): Promise<boolean> {
  const scope = scopeOf(actor);
  if (!scope.unitId) return true;
  return document.ownerUnitId !== null && withinScope(manager, scope, [document.ownerUnitId]);
}

/** Fingerprint of a notice's text: the same notice pasted or uploaded again has the same one. */
export function textFingerprint(text: string): string {
  return createHash('sha256')
    .update(text.replace(/[\s\u3000]/g, ''))
    .digest('hex');
}

/** A title for the second half of a split: its first clause, as the parser titles a measure. */
function titleOf(text: string): string {
  return (text.split(/[。；;\n]/)[0] || text).slice(0, 60);
}

function mergeSpans(spans: (MeasureSpans | null)[]): MeasureSpans | null {
  const present = spans.filter((s): s is MeasureSpans => s !== null);
  if (!present.length) return null;
  return {
    measure: {
      start: Math.min(...present.map((s) => s.measure.start)),
      end: Math.max(...present.map((s) => s.measure.end)),
    },
    title: present[0].title,
    leadUnits: present.flatMap((s) => s.leadUnits),
    responsibleUnits: present.flatMap((s) => s.responsibleUnits),
    deadline:
      present
        .map((s) => s.deadline)
        .filter(Boolean)
        .pop() ?? null,
  };
}

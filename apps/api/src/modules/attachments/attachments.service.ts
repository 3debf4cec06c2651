import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, type AttachmentView } from '@duban/contracts';
import type { Readable } from 'node:stream';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { scopeOf, unitsInScope } from '../units/jurisdiction';
import { AppError, notFound } from '../../common/app-error';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { Transactions } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { Attachment } from './attachment.entity';
import { FILE_STORAGE, type FileStorage } from './storage';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** An upload not attached to a report within this time was abandoned (a closed dialog): its file goes. */
const ORPHAN_AFTER_HOURS = 24;
const ORPHAN_SWEEP_MS = 60 * 60 * 1000;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Evidence formats a government office actually sends: documents, sheets, scans and photos, archives. */
const ALLOWED_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ofd': 'application/ofd',
  '.txt': 'text/plain',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.zip': 'application/zip',
};

@Injectable()
export class AttachmentsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AttachmentsService');
  private orphanTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(Attachment) private readonly attachments: Repository<Attachment>,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Workers sweep abandoned uploads hourly (several workers may: each row is deleted once). */
  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.orphanTimer = setInterval(() => {
      this.sweepOrphans().catch((error) => this.logger.warn(`orphan sweep: ${(error as Error).message}`));
    }, ORPHAN_SWEEP_MS);
    this.orphanTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.orphanTimer) clearInterval(this.orphanTimer);
  }

  /** The upload, already on disk as a temporary file; it is moved into the store or removed. */
  async upload(
    actor: Actor,
    file: { originalname: string; path: string; size: number },
  ): Promise<AttachmentView> {
    try {
      return await this.store(actor, file);
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /** Deletes uploads never bound to a report after ORPHAN_AFTER_HOURS, rows and files. */
  async sweepOrphans(now: Date = this.clock.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - ORPHAN_AFTER_HOURS * 3600_000);
    const [rows]: [{ storage_key: string }[], number] = await this.attachments.query(
      `DELETE FROM attachment WHERE report_id IS NULL AND created_at < $1 RETURNING storage_key`,
      [cutoff],
    );
    for (const row of rows) await this.storage.remove(row.storage_key);
    return rows.length;
  }

  private async store(
    actor: Actor,
    file: { originalname: string; path: string; size: number },
  ): Promise<AttachmentView> {
    const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
    const extension = extname(fileName).toLowerCase();
    const contentType = ALLOWED_TYPES[extension];
    if (!contentType) {
      throw new AppError(
        ErrorCode.BadRequest,
        `不支持的附件类型“${extension || '无扩展名'}”，可上传 ${Object.keys(ALLOWED_TYPES).join(' ')}`,
      );
    }
    if (file.size === 0) throw new AppError(ErrorCode.BadRequest, '附件是空文件');
    await this.checkQuota(actor, file.size);
    const sha256 = await sha256Of(file.path);
    const key = `${new Date().toISOString().slice(0, 7)}/${randomUUID()}${extension}`;
    await this.storage.putFile(key, file.path);
    return this.transactions.run(async (manager) => {
      const attachment = await manager.save(
        manager.create(Attachment, {
          fileName,
          contentType,
          size: file.size,
          sha256,
          storageKey: key,
          unitId: actor.unitId,
          uploadedBy: actor.userId,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'attachment.upload',
        entityType: 'attachment',
        entityId: attachment.id,
        after: attachment,
      });
      return toView(attachment);
    });
  }

  /** One person's uploads per Shanghai day are capped (UPLOAD_QUOTA_MB_PER_DAY). */
  private async checkQuota(actor: Actor, size: number): Promise<void> {
    const [row]: { used: string }[] = await this.attachments.query(
      `SELECT coalesce(sum(size), 0)::bigint AS used FROM attachment
        WHERE uploaded_by = $1 AND created_at >= date_trunc('day', $2::timestamptz AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`,
      [actor.userId, this.clock.now()],
    );
    const quota = this.config.uploads.quotaBytesPerDay;
    if (Number(row?.used ?? 0) + size > quota)
      throw new AppError(
        ErrorCode.RateLimited,
        `今日上传的附件已达上限（${Math.round(quota / 1024 / 1024)} MB），请明天再传或联系管理员`,
      );
  }

  /**
   * Binds uploaded files to a report; only the uploader's own, unbound files qualify. Only a user of the
   * assignment's unit reports, so the files take that unit: who may open them is decided on this row alone.
   */
  async bindToReport(manager: EntityManager, actor: Actor, ids: string[], reportId: string): Promise<void> {
    if (!ids.length) return;
    const result = await manager
      .createQueryBuilder()
      .update(Attachment)
      .set({ reportId, unitId: actor.unitId })
      .where('id = ANY(:ids) AND report_id IS NULL AND uploaded_by = :userId', {
        ids: [...new Set(ids)],
        userId: actor.userId,
      })
      .execute();
    if (result.affected !== new Set(ids).size)
      throw new AppError(ErrorCode.BadRequest, '附件不存在、已被使用或不是您上传的');
  }

  /** The file, if the caller uploaded it or may see the task of the report it belongs to. */
  async open(actor: Actor, id: string): Promise<{ attachment: Attachment; stream: Readable }> {
    const attachment = await this.attachments.findOneBy({ id });
    if (!attachment) throw notFound('附件');
    let allowed = attachment.uploadedBy === actor.userId;
    const unitId = attachment.reportId ? attachment.unitId : null;
    if (!allowed && unitId) {
      // A unit sees its own evidence; supervisors and leaders the evidence of units they oversee.
      allowed = (await unitsInScope(this.attachments.manager, scopeOf(actor), [unitId])).has(unitId);
    }
    if (!allowed) throw notFound('附件');
    const stream = await this.storage.open(attachment.storageKey);
    if (!stream)
      throw new AppError(
        ErrorCode.NotFound,
        `附件“${attachment.fileName}”的文件已不在存储中，请联系管理员或重新上传`,
      );
    return { attachment, stream };
  }
}

function toView(attachment: Attachment): AttachmentView {
  return {
    id: attachment.id,
    fileName: attachment.fileName,
    size: attachment.size,
    contentType: attachment.contentType,
    url: `/api/v1/attachments/${attachment.id}`,
  };
}

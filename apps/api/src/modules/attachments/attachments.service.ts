import { createHash, randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type AttachmentView } from '@duban/contracts';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { scopeOf, unitsInScope } from '../../common/scope';
import { AppError, notFound } from '../../common/app-error';
import { AuditService } from '../audit/audit.service';
import { Attachment } from './attachment.entity';
import { FILE_STORAGE, type FileStorage } from './storage';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

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
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly audit: AuditService,
  ) {}

  async upload(
    actor: Actor,
    file: { originalname: string; buffer: Buffer; size: number },
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
    const key = `${new Date().toISOString().slice(0, 7)}/${randomUUID()}${extension}`;
    await this.storage.put(key, file.buffer);
    return this.dataSource.transaction(async (manager) => {
      const attachment = await manager.save(
        manager.create(Attachment, {
          fileName,
          contentType,
          size: file.size,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
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

  /** Binds uploaded files to a report; only the uploader's own, unbound files qualify. */
  async bindToReport(manager: EntityManager, actor: Actor, ids: string[], reportId: string): Promise<void> {
    if (!ids.length) return;
    const result = await manager
      .createQueryBuilder()
      .update(Attachment)
      .set({ reportId })
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
    const attachment = await this.dataSource.getRepository(Attachment).findOneBy({ id });
    if (!attachment) throw notFound('附件');
    let allowed = attachment.uploadedBy === actor.userId;
    if (!allowed && attachment.reportId) {
      const [row] = await this.dataSource.query(
        'SELECT a.unit_id FROM progress_report r JOIN assignment a ON a.id = r.assignment_id WHERE r.id = $1',
        [attachment.reportId],
      );
      // A unit sees its own evidence; supervisors and leaders the evidence of units they oversee.
      allowed = row && (await unitsInScope(this.dataSource, scopeOf(actor), [row.unit_id])).has(row.unit_id);
    }
    if (!allowed) throw notFound('附件');
    return { attachment, stream: this.storage.open(attachment.storageKey) };
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

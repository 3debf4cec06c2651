import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../../database/database.module';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';

/**
 * The append-only audit trail: every module records its changes here, in its own transaction; the task
 * history reads it back. Listing it (with who did what from which unit) is the read model's.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry]), DatabaseModule],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}

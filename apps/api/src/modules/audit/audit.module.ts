import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { LedgerRetentionProcessor } from './ledger-retention.processor';
import { LedgerRetentionService } from './ledger-retention.service';

/** The audit trail for everyone; workers also run the ledger retention (audit months, reminder archive). */
@Global()
@Module({})
export class AuditModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [
        AuditService,
        LedgerRetentionService,
        ...(options.worker ? [LedgerRetentionProcessor] : []),
      ],
      exports: [AuditService, LedgerRetentionService],
    };
  }
}

import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';

/** The supervisor's 待办: a read model over the workflow tables (SQL in inbox.queries.ts). */
@Module({ controllers: [InboxController] })
export class InboxModule {}

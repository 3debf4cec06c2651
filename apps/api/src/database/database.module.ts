import { Module } from '@nestjs/common';
import { Transactions } from './transactions';

/**
 * The data layer for feature modules: `Transactions`. The DataSource itself comes from the app module's
 * `TypeOrmModule.forRootAsync` (data-source.ts beside it); each module adds `TypeOrmModule.forFeature`
 * for repositories of its own entities.
 */
@Module({ providers: [Transactions], exports: [Transactions] })
export class DatabaseModule {}

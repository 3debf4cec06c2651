import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../../database/database.module';
import { AuditModule } from '../audit/audit.module';
import { AppSetting } from './app-setting.entity';
import { SettingsService } from './settings.service';

@Module({
  imports: [TypeOrmModule.forFeature([AppSetting]), DatabaseModule, AuditModule],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}

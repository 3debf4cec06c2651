import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DEFAULT_REMINDER_RULES, reminderRulesSchema, type ReminderRules } from '@duban/contracts';
import { Repository } from 'typeorm';
import type { Actor } from '../../common/actor';
import { Transactions } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { AppSetting } from './app-setting.entity';

const REMINDER_RULES = 'reminder_rules';

@Injectable()
export class SettingsService {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(AppSetting) private readonly settings: Repository<AppSetting>,
    private readonly audit: AuditService,
  ) {}

  async reminderRules(): Promise<ReminderRules> {
    const row = await this.settings.findOneBy({ key: REMINDER_RULES });
    // Stored rules are re-validated so a newly added field gets its default.
    return row ? reminderRulesSchema.parse(row.value) : DEFAULT_REMINDER_RULES;
  }

  async updateReminderRules(actor: Actor, rules: ReminderRules): Promise<ReminderRules> {
    return this.transactions.run(async (manager) => {
      const before = await manager.findOneBy(AppSetting, { key: REMINDER_RULES });
      await manager.upsert(AppSetting, { key: REMINDER_RULES, value: rules }, ['key']);
      await this.audit.record(manager, actor, {
        action: 'settings.reminder_rules',
        entityType: 'setting',
        entityId: REMINDER_RULES,
        before: before?.value ?? DEFAULT_REMINDER_RULES,
        after: rules,
      });
      return rules;
    });
  }
}

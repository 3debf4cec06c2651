import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../../database/database.module';
import { AuditModule } from '../audit/audit.module';
import { UnitsModule } from '../units/units.module';
import { AccountCache } from './account-cache';
import { PasswordHasher } from './password';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), DatabaseModule, AuditModule, UnitsModule],
  controllers: [UsersController],
  providers: [UsersService, AccountCache, PasswordHasher],
  exports: [UsersService, AccountCache, PasswordHasher],
})
export class UsersModule {}

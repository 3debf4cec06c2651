import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { CommonModule } from '../../common/common.module';
import { APP_CONFIG, type AppConfig } from '../../config/env.schema';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';

/** Sign-in, tokens and the guard every route passes (APP_GUARD). Exports the JWT service to the queue board. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, made once: given a string, jsonwebtoken first tries it as a public key (a thrown and
      // caught error) and builds a key object on every sign and verify.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwt.secret)) }),
    }),
    CommonModule,
    UsersModule,
    UnitsModule,
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottle, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [JwtModule, UsersModule],
})
export class AuthModule {}

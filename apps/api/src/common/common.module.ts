import { Module } from '@nestjs/common';
import { Clock } from './clock';
import { SharedRedis } from './redis';

/** Framework-level helpers a module imports explicitly: the injectable clock and the shared Redis client. */
@Module({ providers: [Clock, SharedRedis], exports: [Clock, SharedRedis] })
export class CommonModule {}

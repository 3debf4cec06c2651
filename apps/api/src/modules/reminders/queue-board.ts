// bull-board at /api/admin/queues for admins. The board is a browser page, so besides the usual
// `Authorization: Bearer` header it accepts the access token from the `duban_token` cookie.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { InjectQueue } from '@nestjs/bullmq';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Queue } from 'bullmq';
import { can, ErrorCode } from '@duban/contracts';
import type { NextFunction, Request, Response } from 'express';
import { AccountCache } from '../users/account-cache';
import type { Actor } from '../../common/actor';
import { actorFromToken } from '../auth/auth.guard';
import { QueueModule } from '../../queue/queue.module';
import { QUEUE } from '../../queue/queues';
import { AuthModule } from '../auth/auth.module';

const QUEUE_BOARD_ROUTE = '/admin/queues';
const TOKEN_COOKIE = 'duban_token';

function tokenFrom(request: Request): string | null {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE && value.length) return decodeURIComponent(value.join('='));
  }
  return null;
}

function queueBoardGuard(jwt: JwtService, accounts: AccountCache) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const token = tokenFrom(request);
    if (!token) {
      response.status(401).json({ code: ErrorCode.Unauthenticated, message: '请先登录' });
      return;
    }
    let actor: Actor;
    try {
      actor = await actorFromToken(jwt, accounts, token);
    } catch {
      response.status(401).json({ code: ErrorCode.Unauthenticated, message: '登录已过期或无效，请重新登录' });
      return;
    }
    if (!can(actor.roles, 'queues.admin')) {
      response.status(403).json({ code: ErrorCode.Forbidden, message: '无权执行此操作' });
      return;
    }
    next();
  };
}

/**
 * bull-board's page links Google Fonts; government networks are often offline, so the page is sent without
 * any external link (its scripts and styles are served from /static by the adapter; the fonts fall back).
 */
function offlineBoardPage(_request: Request, response: Response, next: NextFunction): void {
  const render = response.render.bind(response) as (
    view: string,
    options: object,
    callback: (error: Error | null, html: string) => void,
  ) => void;
  response.render = ((view: string, options: object = {}) =>
    render(view, options, (error, html) =>
      error ? next(error) : response.send(html.replace(/<link[^>]*href="https?:\/\/[^"]*"[^>]*>/g, '')),
    )) as Response['render'];
  next();
}

/**
 * Mounts bull-board with @bull-board/express directly (the @bull-board/nestjs wrapper pulls in an
 * ESM-only @nestjs/bull-shared that Jest cannot load).
 */
@Module({ imports: [AuthModule, QueueModule] })
export class QueueBoardModule implements NestModule {
  constructor(
    private readonly jwt: JwtService,
    private readonly accounts: AccountCache,
    private readonly application: ApplicationConfig,
    @InjectQueue(QUEUE.reminders) private readonly reminders: Queue,
    @InjectQueue(QUEUE.imports) private readonly imports: Queue,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const adapter = new ExpressAdapter();
    adapter.setBasePath(`/${this.application.getGlobalPrefix()}${QUEUE_BOARD_ROUTE}`.replace(/^\/+/, '/'));
    createBullBoard({
      queues: [new BullMQAdapter(this.reminders), new BullMQAdapter(this.imports)],
      // @bull-board/express 9.10.1 carries its own copy of @bull-board/api; the classes match at run time.
      serverAdapter: adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: '督办 队列' } },
    });
    consumer
      .apply(queueBoardGuard(this.jwt, this.accounts), offlineBoardPage, adapter.getRouter())
      .forRoutes(QUEUE_BOARD_ROUTE);
  }
}

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ErrorCode } from '@duban/contracts';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import pinoHttp from 'pino-http';
import { AppModule } from './app.module';
import { AccountCache } from './modules/users/account-cache';
import { actorFromToken } from './modules/auth/auth.guard';
import { explainUnparsableJson, rejectMalformedText } from './common/input-guard';
import { findUp } from './common/paths';
import { requestContext } from './common/request-context';
import { ResponseContractInterceptor } from './common/response-contract.interceptor';
import type { AppConfig } from './config/env.schema';

/** Builds the Nest application for a role; main.ts listens on it, tests drive it with supertest. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: false,
    logger: config.logLevel === 'silent' ? false : ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  // X-Forwarded-For only from the proxies named in TRUST_PROXY: otherwise any client could pick its own address.
  app.set('trust proxy', trustProxy(config.trustProxy));
  // No ETag on API answers: they are per user and change with every write, and hashing each body (SHA-1 of a
  // 40 KB list page) cost more than the rare 304 saves. The web build's files keep theirs (express.static).
  app.set('etag', false);
  // The request id first, so every answer (a 413, a JSON parse error) carries one.
  app.use(
    pinoHttp({
      level: config.logLevel,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      // One short line per request: Shanghai time, method, path, status and duration; no header dump.
      timestamp: () =>
        `,"time":"${new Date(Date.now() + 8 * 3600_000).toISOString().replace('Z', '+08:00')}"`,
      customSuccessMessage: (req, res, ms) =>
        `${req.method} ${req.url} ${res.statusCode} ${Math.round(ms)}ms`,
      customErrorMessage: (req, res, error) => `${req.method} ${req.url} ${res.statusCode} ${error.message}`,
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(
    helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }),
    express.json({ limit: `${Math.ceil(config.uploads.maxBytes / 1024 / 1024)}mb` }),
    explainUnparsableJson,
    rejectMalformedText,
    requestContext({ ...config.database.requestTimeoutsMs, sweep: config.database.sweepTimeoutMs }),
  );
  // Tokens and who is signed in are never kept by a browser or proxy cache.
  app.use('/api/v1/auth', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.setGlobalPrefix('api');
  // Every JSON answer through its response schema; a slip is a 500 in test and development, logged in production.
  app.useGlobalInterceptors(
    new ResponseContractInterceptor(app.get(Reflector), config.env === 'production' ? 'log' : 'strict'),
  );
  const openApi = new DocumentBuilder()
    .setTitle('Duban 督办 API')
    .setDescription('政策文件导入、督办事项、进展填报、催办督办与统计')
    .setVersion('1')
    .addBearerAuth()
    .build();
  // In production the API description is for signed-in users only.
  if (config.env === 'production') app.use(['/api/docs', '/api/docs-json'], signedInOnly(app));
  SwaggerModule.setup('api/docs', app, cleanupOpenApiDoc(SwaggerModule.createDocument(app, openApi)), {
    jsonDocumentUrl: 'api/docs-json',
  });
  serveWeb(app, config);
  return app;
}

function trustProxy(setting: string): boolean | string | string[] {
  if (!setting.trim() || setting === 'false') return false;
  if (setting === 'true') return true;
  return setting.split(',').map((part) => part.trim());
}

/** A bearer token or the `duban_token` cookie of a signed-in, active user. */
function signedInOnly(app: INestApplication) {
  const jwt = app.get(JwtService);
  const accounts = app.get(AccountCache);
  return (req: Request, res: Response, next: NextFunction) => {
    const cookie = /(?:^|;\s*)duban_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const token =
      /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? (cookie && decodeURIComponent(cookie));
    if (!token) return void res.status(401).json({ code: ErrorCode.Unauthenticated, message: '请先登录' });
    actorFromToken(jwt, accounts, token).then(
      () => next(),
      () =>
        res.status(401).json({ code: ErrorCode.Unauthenticated, message: '登录已过期或无效，请重新登录' }),
    );
  };
}

// The web app loads only its own scripts (Vite emits no inline script); antd writes its styles at run time.
const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The built web app at `/`, with every non-API path falling back to index.html for client routing. */
function serveWeb(app: INestApplication, config: AppConfig): void {
  const dist = config.webDist ? resolve(config.webDist) : findUp('dist/web');
  if (!dist || !existsSync(join(dist, 'index.html'))) {
    if (config.env !== 'test') new Logger('Web').warn('No web build (dist/web); serving the API only');
    return;
  }
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/api')) res.setHeader('Content-Security-Policy', WEB_CSP);
    next();
  });
  server.use(express.static(dist, { index: false, maxAge: '1h' }));
  server.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dist, 'index.html'));
  });
}

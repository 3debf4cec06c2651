import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import pinoHttp from 'pino-http';
import { AppModule } from './app.module';
import { findUp } from './common/paths';
import type { AppConfig } from './config/env.schema';

/** Builds the Nest application for a role; main.ts listens on it, tests drive it with supertest. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: false,
    logger: config.logLevel === 'silent' ? false : ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }),
    express.json({ limit: `${Math.ceil(config.uploads.maxBytes / 1024 / 1024)}mb` }),
  );
  app.use(
    pinoHttp({
      level: config.logLevel,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
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
  app.setGlobalPrefix('api');
  const openApi = new DocumentBuilder()
    .setTitle('Duban 督办 API')
    .setDescription('政策文件导入、督办事项、进展填报、催办督办与统计')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, cleanupOpenApiDoc(SwaggerModule.createDocument(app, openApi)), {
    jsonDocumentUrl: 'api/docs-json',
  });
  serveWeb(app, config);
  return app;
}

/** The built web app at `/`, with every non-API path falling back to index.html for client routing. */
function serveWeb(app: INestApplication, config: AppConfig): void {
  const dist = config.webDist ? resolve(config.webDist) : findUp('dist/web');
  if (!dist || !existsSync(join(dist, 'index.html'))) {
    if (config.env !== 'test') new Logger('Web').warn('No web build (dist/web); serving the API only');
    return;
  }
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.use(express.static(dist, { index: false, maxAge: '1h' }));
  server.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.sendFile(join(dist, 'index.html'));
  });
}

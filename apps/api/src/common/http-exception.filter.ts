import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ERROR_HTTP_STATUS, ErrorCode, type ApiErrorBody } from '@duban/contracts';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { AppError } from './app-error';
import { isDependencyDown, isQueryCanceled } from './unavailable';

const STATUS_CODES: Partial<Record<number, { code: ErrorCode; message: string }>> = {
  400: { code: ErrorCode.BadRequest, message: '请求格式不正确' },
  401: { code: ErrorCode.Unauthenticated, message: '请先登录' },
  403: { code: ErrorCode.Forbidden, message: '无权执行此操作' },
  404: { code: ErrorCode.NotFound, message: '请求的资源不存在' },
  409: { code: ErrorCode.Conflict, message: '当前状态不允许此操作' },
  413: { code: ErrorCode.TooLarge, message: '文件或请求内容过大' },
  429: { code: ErrorCode.RateLimited, message: '操作过于频繁，请稍后再试' },
};

/** Seconds a client should wait before retrying while the database or Redis is away. */
const RETRY_AFTER_SECONDS = 5;

/** The one place that turns any thrown error into `{ code, message, details?, requestId }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    const { status, body } = this.describe(exception);
    if (status === 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    else if (status === 503) this.logger.warn(`dependency unavailable: ${(exception as Error)?.message}`);
    if (response.headersSent) {
      // A streamed download failed half-way: cut the connection so the client sees a failure, not a short file.
      response.destroy(exception instanceof Error ? exception : undefined);
      return;
    }
    const retryAfter = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (status === 503 || retryAfter)
      response.setHeader('Retry-After', String(retryAfter ?? RETRY_AFTER_SECONDS));
    response.status(status).json({ ...body, requestId: request.id ?? response.getHeader('x-request-id') });
  }

  private describe(exception: unknown): { status: number; body: ApiErrorBody } {
    if (exception instanceof AppError) {
      return {
        status: ERROR_HTTP_STATUS[exception.code],
        body: { code: exception.code, message: exception.message, details: exception.details },
      };
    }
    if (exception instanceof ZodValidationException) {
      const error = exception.getZodError();
      const issues = error instanceof ZodError ? error.issues : [];
      const details = issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      const summary = details.map((d) => (d.path ? `${d.path}：${d.message}` : d.message)).join('；');
      return {
        status: 400,
        body: { code: ErrorCode.Validation, message: `输入有误：${summary || '请检查填写内容'}`, details },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = STATUS_CODES[status] ?? { code: ErrorCode.BadRequest, message: exception.message };
      return { status, body: { code: known.code, message: known.message } };
    }
    // body-parser and multer report oversized bodies with a plain status (unparsable JSON: explainUnparsableJson).
    const raw = exception as { status?: number; code?: string };
    if (raw?.status === 413 || raw?.code === 'LIMIT_FILE_SIZE') {
      return { status: 413, body: { code: ErrorCode.TooLarge, message: STATUS_CODES[413]!.message } };
    }
    if (isQueryCanceled(exception)) {
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: { code: ErrorCode.Unavailable, message: '查询用时过长已中止，请缩小查询范围或稍后重试' },
      };
    }
    if (isDependencyDown(exception)) {
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: { code: ErrorCode.Unavailable, message: '服务暂时不可用（数据库或缓存连接中断），请稍后重试' },
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { code: ErrorCode.Internal, message: '服务器内部错误，请稍后再试或联系管理员' },
    };
  }
}

import { ErrorCode } from '@duban/contracts';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { rm } from 'node:fs/promises';
import type { Observable } from 'rxjs';
import { AppError } from './app-error';
import { malformed } from './input-guard';

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const INVALID = '内容含有无效的 Unicode 字符';

/**
 * A multipart text field as busboy decoded it. A lone surrogate can only travel in multipart as
 * bytes that are not UTF-8 (ED A0 80 …), which busboy turns into U+FFFD: so U+FFFD here means the
 * client sent something that was not text.
 */
function malformedField(value: unknown): string | null {
  const problem = malformed(value);
  if (problem) return problem;
  return JSON.stringify(value ?? null).includes('\uFFFD') ? INVALID : null;
}

/** multer hands the file name over as its raw bytes read as latin1. */
function malformedFileName(latin1: string): string | null {
  if (latin1.includes('\u0000')) return '内容含有空字符（NUL）';
  try {
    return malformed(STRICT_UTF8.decode(Buffer.from(latin1, 'latin1')));
  } catch {
    return INVALID;
  }
}

/**
 * The multipart twin of `rejectMalformedText`: multer fills the text fields and the file name only
 * inside the route's FileInterceptor, after every global middleware ran, so list this interceptor
 * after it: `@UseInterceptors(FileInterceptor(...), MultipartTextGuard)`. A refused upload already
 * written to disk is removed.
 */
@Injectable()
export class MultipartTextGuard implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const file = request.file;
    const problem = malformedField(request.body) ?? (file ? malformedFileName(file.originalname) : null);
    if (problem) {
      if (file?.path) await rm(file.path, { force: true });
      throw new AppError(ErrorCode.BadRequest, `请求格式不正确：${problem}`);
    }
    return next.handle();
  }
}

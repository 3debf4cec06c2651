import { ErrorCode } from '@duban/contracts';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from './app-error';

// NUL is refused by PostgreSQL text; a lone surrogate is not Unicode at all. Either is a typo or an
// attack, never data: answer 400 before it reaches a query.
const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string (or any string inside an object), or null when it is clean. */
export function malformed(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return '内容含有空字符（NUL）';
    if (LONE_SURROGATE.test(value)) return '内容含有无效的 Unicode 字符';
    return null;
  }
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const problem = malformed(key, depth + 1) ?? malformed(item, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Refuses NUL bytes and lone surrogates in any JSON field, query parameter or path segment. */
export function rejectMalformedText(request: Request, response: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(request.path);
  } catch {
    path = '\u0000';
  }
  const problem = malformed(path) ?? malformed(request.query) ?? malformed(request.body);
  if (!problem) return next();
  response.status(400).json({
    code: ErrorCode.BadRequest,
    message: `请求格式不正确：${problem}`,
    requestId: (request as Request & { id?: string }).id,
  });
}

/**
 * body-parser's "not JSON", said so. Nest turns the parser's SyntaxError into a bare BadRequestException,
 * which loses the error's type, so the exception filter could only answer "请求格式不正确".
 */
export function explainUnparsableJson(
  error: unknown,
  _request: Request,
  _response: Response,
  next: NextFunction,
): void {
  const unparsable = (error as { type?: string } | null)?.type === 'entity.parse.failed';
  next(unparsable ? new AppError(ErrorCode.BadRequest, '请求内容不是有效的 JSON') : error);
}

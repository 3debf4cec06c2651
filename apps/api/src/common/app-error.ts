import { ErrorCode } from '@duban/contracts';

/** A domain error with a code the exception filter maps to an HTTP status and a clerk-readable message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NotFound, `${what}不存在或无权查看`);
export const forbidden = (message = '无权执行此操作') => new AppError(ErrorCode.Forbidden, message);
export const staleVersion = (current: number) =>
  new AppError(ErrorCode.StaleVersion, '数据已被他人修改，请刷新后重试', { currentVersion: current });

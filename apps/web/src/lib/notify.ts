// The one place that shows api errors. The message instance comes from antd's <App> (so it follows
// the theme and locale); before that mounts, the static `message` is the fallback.
import { message as staticMessage } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { ApiError } from './http';

let instance: MessageInstance = staticMessage;

export function bindMessageApi(api: MessageInstance): void {
  instance = api;
}

export function notifySuccess(text: string): void {
  void instance.success(text);
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return '操作失败，请重试';
}

export function notifyError(error: unknown): void {
  // The guard takes over on 401; a toast on top of the redirect only adds noise.
  if (error instanceof ApiError && error.status === 401) return;
  void instance.error(errorText(error));
}

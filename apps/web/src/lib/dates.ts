// Dates as the api exchanges them: `YYYY-MM-DD` calendar dates in Asia/Shanghai, ISO timestamps.
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/zh-cn';
import { shanghaiDate } from '@duban/contracts';

dayjs.locale('zh-cn');

export const DATE_FORMAT = 'YYYY-MM-DD';

export function today(): string {
  return shanghaiDate(new Date());
}

export function toDayjs(date: string | null | undefined): Dayjs | null {
  return date ? dayjs(date, DATE_FORMAT) : null;
}

export function fromDayjs(value: Dayjs | null | undefined): string | null {
  return value ? value.format(DATE_FORMAT) : null;
}

export function formatDate(date: string | null | undefined): string {
  return date ? date.slice(0, 10) : '—';
}

export function formatDateTime(timestamp: string | null | undefined): string {
  return timestamp ? dayjs(timestamp).format('YYYY-MM-DD HH:mm') : '—';
}

export function fromNow(timestamp: string): string {
  return dayjs(timestamp).format('MM-DD HH:mm');
}

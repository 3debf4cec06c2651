import { Injectable } from '@nestjs/common';
import { shanghaiDate } from '@duban/contracts';

/** Injected wherever "now" matters, so tests can set the time. */
@Injectable()
export class Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** Today's calendar date in Asia/Shanghai. */
  today(): string {
    return shanghaiDate(this.now());
  }

  /** Test hook: pin the clock (null returns to real time). */
  set(instant: Date | null): void {
    this.fixed = instant;
  }
}

import {
  Logger,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ZodSerializerDto, type ZodDto } from 'nestjs-zod';
import { isDeepStrictEqual } from 'node:util';
import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import { JsonText } from './json-text';

/** Where `@ZodResponse` (through `ZodSerializerDto`) keeps a route's response DTO. */
const RESPONSE_DTO = ZodSerializerDto(z.unknown()).KEY;

type ResponseDto = ZodDto | z.ZodType | [ZodDto] | [z.ZodType];

/**
 * What a response that breaks its contract does. `strict` (test, development): a 500, so a test or a
 * developer sees the slip at once. `log` (production): the mismatch is logged with its route and the answer
 * goes out as the service built it, since a user's page failing over a schema slip is worse than a logged one.
 */
export type ResponseContractMode = 'strict' | 'log';

/**
 * Every JSON answer passes through its route's response schema (`@ZodResponse`): unknown keys are dropped,
 * Dates become ISO strings, and a value that breaks the schema is caught. Streams and routes without a
 * response DTO (`@Res()` downloads, 204s) pass untouched. nestjs-zod's own `ZodSerializerInterceptor`
 * reads the same metadata but only knows the strict mode. A `JsonText` (an answer PostgreSQL wrote in the
 * contract's shape) is checked in strict mode only, and sent as its text: production skips the check, since
 * parsing the text is what it saves.
 */
export class ResponseContractInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ResponseContract');

  constructor(
    private readonly reflector: Reflector,
    private readonly mode: ResponseContractMode,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const dto = this.reflector.getAllAndOverride<ResponseDto | undefined>(RESPONSE_DTO, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!dto) return next.handle();
    const schema = schemaOf(dto);
    return next.handle().pipe(
      map((body: unknown) => {
        if (body instanceof StreamableFile) return body;
        if (body instanceof JsonText) {
          if (this.mode === 'strict') this.checkText(schema, body.text, context);
          context.switchToHttp().getResponse<{ type(type: string): void }>().type('application/json');
          return body.text;
        }
        return this.check(schema, body, context);
      }),
    );
  }

  /** Sent as it is, so it must be what its schema gives back: no unknown key, nothing to convert. */
  private checkText(schema: z.ZodType, text: string, context: ExecutionContext): void {
    const sent: unknown = JSON.parse(text);
    if (!isDeepStrictEqual(this.check(schema, sent, context), sent))
      throw new Error(
        `response of ${context.getClass().name}.${context.getHandler().name} is not as its schema reads it`,
      );
  }

  /** The answer as its schema reads it; a mismatch throws (strict) or is logged and answered as built. */
  private check(schema: z.ZodType, body: unknown, context: ExecutionContext): unknown {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    // A plain error: the exception filter logs it and answers 500 INTERNAL_ERROR.
    if (this.mode === 'strict') throw new Error(`response of ${route} breaks its schema: ${issues}`);
    this.logger.warn(`response of ${route} breaks its schema (answered as built): ${issues}`);
    return body;
  }
}

function schemaOf(dto: ResponseDto): z.ZodType {
  const one = Array.isArray(dto) ? dto[0] : dto;
  const schema = (typeof one === 'function' && 'schema' in one ? one.schema : one) as z.ZodType;
  return Array.isArray(dto) ? z.array(schema) : schema;
}

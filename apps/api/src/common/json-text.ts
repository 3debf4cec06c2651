import { ZodResponse, type ZodDto } from 'nestjs-zod';

/**
 * An answer PostgreSQL has already written in its contract's shape, sent as it is: parsing it, mapping it,
 * checking it and serialising it again cost a list page more CPU than the database's part (docs/benchmarks.md).
 * ResponseContractInterceptor checks it against the route's schema in test and development (strict mode)
 * and sends the text with the JSON content type.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * `@ZodResponse` for a route that answers JsonText: the same metadata (OpenAPI, the interceptor's schema);
 * the text's shape is checked by the interceptor in tests, not by the compiler.
 */
export const ZodTextResponse = ZodResponse as unknown as (options: {
  status: number;
  type: ZodDto;
}) => MethodDecorator;

import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';

type SchemaObject = Exclude<
  NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string],
  { $ref: string }
>;

/** A multipart body carrying one file in the field `file`. */
export function uploadBody(description: string): SchemaObject {
  return {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description } },
  };
}

/** A request schema as OpenAPI shows it (what a client sends). */
export function requestSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input' });
  return json as SchemaObject;
}

/**
 * A streamed or binary answer (a download, the 台账 workbook): documented by its media type and never passed
 * through a response schema, so a large export is written as it is read.
 */
export function ApiFileResponse(mediaType: string, description: string) {
  return applyDecorators(
    ApiProduces(mediaType),
    ApiOkResponse({ description, schema: { type: 'string', format: 'binary' } }),
  );
}

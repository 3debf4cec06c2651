// Error codes the api returns in `{ code, message, details? }`; the web maps them to messages.
export const ErrorCode = {
  BadRequest: 'BAD_REQUEST',
  Validation: 'VALIDATION_FAILED',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  StaleVersion: 'STALE_VERSION',
  IllegalTransition: 'ILLEGAL_TRANSITION',
  UnresolvedUnits: 'UNRESOLVED_UNITS',
  PastDeadlines: 'PAST_DEADLINES',
  TooLarge: 'PAYLOAD_TOO_LARGE',
  Unparseable: 'DOCUMENT_UNPARSEABLE',
  RateLimited: 'RATE_LIMITED',
  Unavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_VERSION: 409,
  ILLEGAL_TRANSITION: 409,
  UNRESOLVED_UNITS: 409,
  PAST_DEADLINES: 409,
  PAYLOAD_TOO_LARGE: 413,
  DOCUMENT_UNPARSEABLE: 422,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
};

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
  requestId?: string;
}

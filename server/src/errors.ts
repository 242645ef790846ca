import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { accountErrors } from './domains/accounts/errors.ts';
import { authErrors } from './domains/auth/errors.ts';
import { catalogErrors } from './domains/catalog/errors.ts';
import { commentErrors } from './domains/comments/errors.ts';
import { flashSaleErrors } from './domains/flash-sales/errors.ts';
import { groupBuyErrors } from './domains/group-buys/errors.ts';
import { moderationErrors } from './domains/moderation/errors.ts';
import { orderErrors } from './domains/orders/errors.ts';
import { paymentErrors } from './domains/payments/errors.ts';
import { reviewErrors } from './domains/reviews/errors.ts';
import { showErrors } from './domains/shows/errors.ts';
import { streamErrors } from './domains/streams/errors.ts';

const commonErrors = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  RATE_LIMITED: { status: 429, message: 'Too many requests, slow down' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send JSON with Content-Type: application/json' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side' },
} as const;

/** Every error code the API answers with, its HTTP status and default message. */
export const ERRORS = {
  ...commonErrors,
  ...authErrors,
  ...catalogErrors,
  ...commentErrors,
  ...streamErrors,
  ...flashSaleErrors,
  ...groupBuyErrors,
  ...orderErrors,
  ...paymentErrors,
  ...reviewErrors,
  ...moderationErrors,
  ...accountErrors,
  ...showErrors,
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) mapped to our codes. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  const status = error.statusCode ?? 500;
  if (status >= 500) return undefined;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 429) return new AppError('RATE_LIMITED');
  return new AppError('VALIDATION_FAILED', error.message);
}

/** One error handler for the whole API: every error leaves as {"error":{code,message}}. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new AppError('NOT_FOUND', `No route ${request.method} ${request.url}`).toBody());
  });
  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message,
      }));
      return reply.status(400).send(new AppError('VALIDATION_FAILED', 'The request is not valid', details).toBody());
    }
    if (isAppError(error)) {
      return reply.status(error.status).send(error.toBody());
    }
    const mapped = fromFastifyError(error as FastifyError);
    if (mapped) return reply.status(mapped.status).send(mapped.toBody());
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(new AppError('INTERNAL').toBody());
  });
}

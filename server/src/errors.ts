import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { posterErrors } from './domains/posters/errors.ts';
import { privacyErrors } from './domains/privacy/errors.ts';
import { reviewErrors } from './domains/reviews/errors.ts';
import { showErrors } from './domains/shows/errors.ts';
import { streamErrors } from './domains/streams/errors.ts';
import { uploadErrors } from './domains/uploads/errors.ts';
import { NOT_FOUND_PAGE, NOT_FOUND_PAGE_CSP } from './not-found-page.ts';
import { answerForDbError } from './pg-errors.ts';

const commonErrors = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  CONFLICT: { status: 409, message: 'This already exists' },
  RATE_LIMITED: { status: 429, message: 'Too many requests, slow down' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The URL or the headers are too large' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive' },
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
  ...privacyErrors,
  ...posterErrors,
  ...reviewErrors,
  ...moderationErrors,
  ...uploadErrors,
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

/** Fastify's own 4xx errors (bad JSON or URL, wrong content type, body too large) mapped to our codes. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  if (typeof error.statusCode !== 'number') return undefined;
  const status = error.statusCode;
  if (status >= 500) return undefined;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 429) return new AppError('RATE_LIMITED');
  return new AppError('VALIDATION_FAILED', error.message);
}

const DB_ERROR_MESSAGES = {
  NOT_FOUND: 'Something this request refers to does not exist',
  CONFLICT: 'This conflicts with something that already exists',
  VALIDATION_FAILED: 'A value in the request cannot be stored',
} as const;

/**
 * Any error as the API answers it (HTTP and socket acks alike): our own, a database error the request
 * caused (see pg-errors.ts), or a Fastify 4xx. Undefined for a bug, which is logged and answered 500.
 */
export function toAppError(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  const db = answerForDbError(error);
  if (db) return new AppError(db, DB_ERROR_MESSAGES[db]);
  if (error instanceof Error && 'statusCode' in error) return fromFastifyError(error as FastifyError);
  return undefined;
}

/** Errors Fastify raises before routing (a malformed percent-encoding in the path, a path segment too long). */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const mapped = fromFastifyError(error) ?? new AppError('VALIDATION_FAILED', 'The URL is not valid');
  void reply.status(mapped.status).send(mapped.toBody());
}

/** A request Node's HTTP parser refused (headers or URL too large, malformed): answered in the error shape, then closed. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'HEADERS_TOO_LARGE'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : 'VALIDATION_FAILED';
  const body = JSON.stringify(new AppError(code, code === 'VALIDATION_FAILED' ? 'The HTTP request is malformed' : undefined).toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${ERRORS[code].status} ${STATUS_CODES[ERRORS[code].status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Browsers get a page for an unknown path; the API, its docs and anything not asking for HTML get JSON. */
function wantsPage(request: FastifyRequest): boolean {
  const path = request.url;
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/docs') || path.startsWith('/socket.io')) return false;
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/** One error handler for the whole API: every error leaves as {"error":{code,message}}. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    if (wantsPage(request)) {
      void reply.status(404).header('content-security-policy', NOT_FOUND_PAGE_CSP).type('text/html; charset=utf-8').send(NOT_FOUND_PAGE);
      return;
    }
    void reply.status(404).send(new AppError('NOT_FOUND', `No route ${request.method} ${request.url}`).toBody());
  });
  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message,
      }));
      // A path that names no object (`/products/nope`) is not found rather than a bad request.
      const code = error.validationContext === 'params' ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      return reply.status(ERRORS[code].status).send(new AppError(code, ERRORS[code].message, details).toBody());
    }
    const mapped = toAppError(error);
    if (mapped) {
      if (!isAppError(error)) request.log.info({ err: error }, `answered ${mapped.code}`);
      // Every 429 says when to try again: details.retryAfterSeconds where the limit knows it.
      if (mapped.code === 'RATE_LIMITED' && !reply.hasHeader('retry-after')) {
        void reply.header('retry-after', String((mapped.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1));
      }
      return reply.status(mapped.status).send(mapped.toBody());
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(new AppError('INTERNAL').toBody());
  });
}

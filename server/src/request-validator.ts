import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';
import { findUnsafeText } from './safe-text.ts';

/**
 * The zod validator of every route, with `isSafeText` checked over the whole input first (params,
 * querystring, headers, body): a route whose schema forgot `text()` still never sends NUL to PostgreSQL.
 */
export const requestValidatorCompiler: FastifySchemaCompiler<ZodType> = (route) =>
  !(route.schema instanceof z.ZodType)
    ? validatorCompiler(route)
    : validatorCompiler({
        ...route,
        schema: z
          .unknown()
          .superRefine((value, ctx) => {
            const path = findUnsafeText(value);
            if (path) ctx.addIssue({ code: 'custom', path, message: 'must not contain NUL or unpaired surrogate characters' });
          })
          .pipe(route.schema),
      });

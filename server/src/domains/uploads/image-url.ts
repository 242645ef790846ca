import { z } from 'zod';

/** A file this engine's image store serves: /uploads/ and safe path segments, no `..`. */
const UPLOADED_PATH = /^\/uploads\/(?:[a-z0-9][a-z0-9.-]*\/)*[a-z0-9][a-z0-9.-]*$/;

/**
 * A picture's address: an http(s) URL, or a path this engine serves from its uploads
 * (`/uploads/images/….webp`, as POST /api/uploads/images answers it).
 */
export const ImageUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (value) => {
      if (UPLOADED_PATH.test(value)) return !value.includes('..');
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        return false;
      }
    },
    { message: 'must be an http(s) URL or an uploaded image path (/uploads/…)' },
  )
  .meta({ example: '/uploads/images/0b9d4c1e-8f7a-4d2b-9c3e-5a6f7b8c9d0e.jpg' });

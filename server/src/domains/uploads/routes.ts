import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.ts';
import { requireUser } from '../../plugins/auth.ts';
import type { ImageUploads } from './service.ts';
import type { LocalDiskImageStorage } from './storage.ts';

/** Roles that put pictures on the platform: merchants (products) and KOLs (show covers). */
const UPLOADER_ROLES = ['merchant', 'kol', 'admin'];

/** `POST /api/uploads/images`: one image in a multipart field named `image`. */
export const uploadRoutes: FastifyPluginAsyncZod<{ uploads: ImageUploads }> = async (app, { uploads }) => {
  // Only this plugin parses multipart; every other route keeps answering JSON only.
  await app.register(fastifyMultipart, {
    limits: { fileSize: uploads.limits.maxBytes, files: 1, fields: 5, parts: 6 },
  });

  app.post(
    '/uploads/images',
    {
      schema: {
        tags: ['uploads'],
        summary:
          'Upload an image (merchant or KOL): JPEG, PNG or WebP as multipart field `image`; answers {url, thumbnailUrl, width, height}',
        consumes: ['multipart/form-data'],
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      if (!principal.roles.some((role) => UPLOADER_ROLES.includes(role))) {
        throw new AppError('FORBIDDEN', 'Only merchants and KOLs upload images');
      }
      if (!request.isMultipart()) throw new AppError('IMAGE_MISSING');
      let bytes: Buffer;
      try {
        const file = await request.file();
        if (file?.fieldname !== 'image') throw new AppError('IMAGE_MISSING');
        bytes = await file.toBuffer();
      } catch (error) {
        if (error instanceof AppError) throw error;
        const code = (error as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw uploads.tooLarge();
        if (code?.startsWith('FST_')) throw new AppError('IMAGE_MISSING');
        throw error;
      }
      return reply.status(201).send(await uploads.store(bytes));
    },
  );
};

/** Serves what the local-disk store keeps, under its URL prefix; names are random, so they are cached for good. */
export const uploadedFileRoutes: FastifyPluginAsync<{ storage: LocalDiskImageStorage }> = async (app, { storage }) => {
  await app.register(fastifyStatic, {
    root: storage.root,
    prefix: `${storage.urlPrefix}/`,
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    immutable: true,
    maxAge: '365d',
    setHeaders: (reply) => reply.header('x-content-type-options', 'nosniff'),
  });
};

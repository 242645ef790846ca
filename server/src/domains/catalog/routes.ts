import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.ts';
import { requireRole } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { CreateProductBody, ListProductsQuery, UpdateProductBody } from './schema.ts';
import { type CatalogService, isVisibleTo, toProductView } from './service.ts';

export const catalogRoutes: FastifyPluginAsyncZod<{
  catalog: CatalogService;
  ratingOf: (productId: string) => Promise<{ average: number | null; count: number }>;
  /** A signed-in user looked at a product (a signal for the "for you" feed). */
  onViewed: (userId: string, category: string) => Promise<void>;
}> = async (app, { catalog, ratingOf, onViewed }) => {
  app.post(
    '/products',
    { schema: { tags: ['catalog'], summary: 'List a product (merchant)', body: CreateProductBody } },
    async (request, reply) => {
      const merchant = requireRole(request, 'merchant');
      return reply.status(201).send(await catalog.createProduct(merchant.userId, request.body));
    },
  );

  app.get(
    '/products',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Active products by merchant, category or title search, newest first',
        querystring: ListProductsQuery,
      },
    },
    async (request) => catalog.listProducts(request.query),
  );

  app.get(
    '/merchants/me/products',
    { schema: { tags: ['catalog'], summary: "The caller's products, archived and moderated ones too, with `moderation`" } },
    async (request) => ({
      items: await catalog.listProductsOfMerchant(requireRole(request, 'merchant').userId),
    }),
  );

  app.get(
    '/products/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: 'A product with its rating summary; a taken-down or suspended one only for its merchant and admins',
        params: IdParams,
      },
    },
    async (request) => {
      const [product, rating] = await Promise.all([catalog.getProduct(request.params.id), ratingOf(request.params.id)]);
      if (!isVisibleTo(product, request.principal)) throw new AppError('NOT_FOUND', 'Product not found');
      if (request.principal && product.category)
        onViewed(request.principal.userId, product.category).catch((error: unknown) =>
          request.log.warn({ err: error }, 'view not recorded'),
        );
      return { ...toProductView(product), rating };
    },
  );

  app.patch(
    '/products/:id',
    { schema: { tags: ['catalog'], summary: 'Edit a product (owner)', params: IdParams, body: UpdateProductBody } },
    async (request) => {
      const merchant = requireRole(request, 'merchant');
      return catalog.updateProduct(merchant.userId, request.params.id, request.body);
    },
  );

  // Archiving hides a product from the catalogue, the feed and the showcase pickers; orders keep it.
  for (const [action, status, summary] of [
    ['archive', 'archived', 'Archive a product (owner): no longer listed or sold; its orders are unaffected'],
    ['restore', 'active', 'Put an archived product back on sale (owner)'],
  ] as const) {
    app.post(`/products/:id/${action}`, { schema: { tags: ['catalog'], summary, params: IdParams } }, async (request) => {
      const merchant = requireRole(request, 'merchant');
      return catalog.updateProduct(merchant.userId, request.params.id, { status });
    });
  }
};

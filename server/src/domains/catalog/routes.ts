import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../../plugins/auth.ts';
import { IdParams } from '../../schemas.ts';
import { CreateProductBody, UpdateProductBody } from './schema.ts';
import { type CatalogService, toProductView } from './service.ts';

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: CatalogService }> = async (app, { catalog }) => {
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
    { schema: { tags: ['catalog'], summary: "A merchant's products", querystring: z.object({ merchantId: z.string().min(1).max(100) }) } },
    async (request) => ({ items: await catalog.listProductsOfMerchant(request.query.merchantId) }),
  );

  app.get('/products/:id', { schema: { tags: ['catalog'], summary: 'A product', params: IdParams } }, async (request) =>
    toProductView(await catalog.getProduct(request.params.id)),
  );

  app.patch(
    '/products/:id',
    { schema: { tags: ['catalog'], summary: 'Edit a product (owner)', params: IdParams, body: UpdateProductBody } },
    async (request) => {
      const merchant = requireRole(request, 'merchant');
      return catalog.updateProduct(merchant.userId, request.params.id, request.body);
    },
  );
};

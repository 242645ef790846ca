import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The pages, one HTML entry each; the server maps /live/:id, /studio/:id, /merchant, /products/:id, /orders and /admin to them. */
export const PAGES = {
  home: here('./index.html'),
  live: here('./live.html'),
  studio: here('./studio.html'),
  merchant: here('./merchant.html'),
  product: here('./product.html'),
  orders: here('./orders.html'),
  admin: here('./admin.html'),
  account: here('./account.html'),
  shows: here('./shows.html'),
  cart: here('./cart.html'),
};

/** In `vite` (dev), the same page paths as the server: /live/:id → live.html, and so on. */
const PAGE_PATHS: [RegExp, string][] = [
  [/^\/live\/[^/]+\/?$/, '/live.html'],
  [/^\/studio\/[^/]+\/?$/, '/studio.html'],
  [/^\/merchant\/?$/, '/merchant.html'],
  [/^\/products\/[^/]+\/?$/, '/product.html'],
  [/^\/orders\/?$/, '/orders.html'],
  [/^\/admin\/?$/, '/admin.html'],
  [/^\/account\/?$/, '/account.html'],
  [/^\/shows\/?$/, '/shows.html'],
  [/^\/cart\/?$/, '/cart.html'],
];

const pagePaths: Plugin = {
  name: 'streamcart-page-paths',
  configureServer(server) {
    server.middlewares.use((request, _response, next) => {
      const [pathname = '', query] = (request.url ?? '').split('?');
      const page = PAGE_PATHS.find(([pattern]) => pattern.test(pathname))?.[1];
      if (page) request.url = query ? `${page}?${query}` : page;
      next();
    });
  },
};

export default defineConfig({
  plugins: [pagePaths],
  root: here('.'),
  base: '/',
  publicDir: here('./public'),
  // `vite` (dev server) talks to an engine started with `npm start` on the default port.
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/uploads': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      input: PAGES,
      // socket.io-client (every page: the bell, orders) in one cacheable chunk, and mediasoup-client (only the live
      // page and the studio) in another, so the home and product pages do not download the media stack.
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'socket',
              test: /node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io|xmlhttprequest-ssl)[\\/]/,
            },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
    },
  },
});

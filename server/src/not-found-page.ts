import { createHash } from 'node:crypto';

/** The page a browser gets for a path that is neither a page, a file nor the API (API paths answer JSON). */
const STYLE = `
:root{--bg:#f5f6f8;--surface:#fff;--text:#16181d;--muted:#5f6673;--border:#e3e6eb;--primary:#4338ca;--primary-hover:#3730a3;--live:#e11d48;--radius:14px;--font:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;color-scheme:light}
*{box-sizing:border-box}html,body{margin:0}
body{min-height:100vh;display:flex;flex-direction:column;background:var(--bg);color:var(--text);font:16px/1.5 var(--font);-webkit-font-smoothing:antialiased}
header{display:flex;align-items:center;padding:14px 24px;background:var(--surface);border-bottom:1px solid var(--border)}
.brand{display:inline-flex;align-items:center;gap:8px;font-weight:700;color:var(--text);text-decoration:none}
.dot{width:10px;height:10px;border-radius:50%;background:var(--live)}
main{flex:1;display:grid;place-items:center;padding:48px 24px}
.card{max-width:460px;text-align:center;background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);padding:40px 32px;box-shadow:0 1px 2px rgb(16 24 40/6%),0 4px 16px rgb(16 24 40/6%)}
.code{margin:0;font-size:3.5rem;font-weight:800;letter-spacing:-.04em;color:var(--primary)}
h1{margin:.2em 0 .4em;font-size:1.4rem}
p{margin:0 0 1.6em;color:var(--muted)}
.actions{display:flex;gap:12px;justify-content:center;flex-wrap:wrap}
a.button{display:inline-block;padding:10px 18px;border-radius:10px;font-weight:600;text-decoration:none;background:var(--primary);color:#fff}
a.button:hover{background:var(--primary-hover)}
a.button.secondary{background:transparent;color:var(--primary);border:1px solid var(--border)}
a.button:focus-visible{outline:3px solid var(--primary);outline-offset:2px}
`;

export const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>Page not found · Streamcart</title>
    <style>${STYLE}</style>
  </head>
  <body>
    <header><a class="brand" href="/"><span class="dot" aria-hidden="true"></span>Streamcart</a></header>
    <main>
      <section class="card">
        <p class="code" aria-hidden="true">404</p>
        <h1>This page does not exist</h1>
        <p>The link may be old, or the show may have moved. Live shows and products are waiting on the home page.</p>
        <div class="actions">
          <a class="button" href="/">Back to Streamcart</a>
          <a class="button secondary" href="/orders">My orders</a>
        </div>
      </section>
    </main>
  </body>
</html>
`;

/** A policy for this page alone: its one inline style, nothing else. */
export const NOT_FOUND_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

import { AccountMenu } from '../../lib/account-menu.ts';
import { ApiError, type Product } from '../../lib/api.ts';
import { mountBagLink } from '../../lib/bag-link.ts';
import { cart } from '../../lib/cart.ts';
import { CheckoutSheet } from '../../lib/checkout-sheet.ts';
import { copyText } from '../../lib/clipboard.ts';
import { byId, idFromPath, show } from '../../lib/dom.ts';
import { formatMoney } from '../../lib/format.ts';
import { NotificationsMenu } from '../../lib/notifications-menu.ts';
import { ReportDialog } from '../../lib/report-dialog.ts';
import { loadSession } from '../../lib/session.ts';
import { createShareLink } from '../../lib/social-api.ts';
import { connectLive } from '../../lib/socket.ts';
import { getProductPage, getReviews, type ProductPage, type Review, reviewItem, starBar, syncReviewReport } from './reviews.ts';

const REVIEWS_PAGE = 10;
const LOW_STOCK = 10;

const productId = idFromPath();
const loading = byId('product-loading');
const notFound = byId('product-not-found');
const errorBox = byId('product-error');
const detail = byId('product');
const buyButton = byId('product-buy', HTMLButtonElement);
const addToBagButton = byId('product-add-to-bag', HTMLButtonElement);
const shareButton = byId('product-share', HTMLButtonElement);
const shareStatus = byId('share-status');
const reviewsSection = byId('reviews');
const reviewList = byId('review-list', HTMLUListElement);
const reviewsEmpty = byId('reviews-empty');
const reviewsError = byId('reviews-error');
const moreButton = byId('reviews-more', HTMLButtonElement);

let product: ProductPage | undefined;
let nextCursor: string | undefined;

// One socket for the bell (notification:new) and the checkout's order:update.
const socket = connectLive(() => loadSession()?.token);
const header = byId('header-actions');
const notifications = new NotificationsMenu({ slot: header, socket, session: loadSession });
const checkout = new CheckoutSheet({ socket, session: loadSession, onSignedIn: () => sessionChanged(), backLabel: 'Keep browsing' });
const account = new AccountMenu({ slot: header, onChange: () => sessionChanged() });
mountBagLink(header);
const report = new ReportDialog({
  target: () => product && { targetType: 'product', targetId: product.id, ownerId: product.merchantId },
  session: loadSession,
});
byId('product-report').append(report.button);
const reportReview = (review: Review) => report.open({ targetType: 'review', targetId: review.id, ownerId: review.authorId });

/** Report on each review, for signed-in users other than its author. */
function renderReviewReports(): void {
  const userId = loadSession()?.user.id;
  for (const item of reviewList.querySelectorAll<HTMLLIElement>('li[data-review-id]')) syncReviewReport(item, userId);
}

function sessionChanged(): void {
  account.render();
  notifications.renderSession();
  checkout.renderSession();
  report.renderSession();
  renderReviewReports();
  socket.disconnect().connect();
  renderShare();
}

function renderShare(): void {
  show(shareButton, Boolean(loadSession()) && product?.status === 'active');
  if (!loadSession()) shareStatus.textContent = '';
}

function stockText(p: Product): string {
  if (p.status !== 'active') return 'No longer on sale';
  if (p.stock <= 0) return 'Sold out';
  if (p.stock <= LOW_STOCK) return `Only ${p.stock} left`;
  return `In stock · ${p.stock} available`;
}

function renderProduct(p: ProductPage): void {
  document.title = `${p.title} · Streamcart`;
  const media = byId('product-media');
  if (p.imageUrl) {
    const image = document.createElement('img');
    image.src = p.imageUrl;
    image.alt = p.title;
    image.addEventListener('error', () => media.replaceChildren(placeholder(p.title)));
    media.replaceChildren(image);
  } else {
    media.replaceChildren(placeholder(p.title));
  }

  const category = byId('product-category');
  category.textContent = p.category ?? '';
  show(category, Boolean(p.category));
  byId('product-title').textContent = p.title;
  renderRating(p.rating);
  byId('product-price').textContent = formatMoney(p.priceCents, p.currency);

  const stock = byId('product-stock');
  stock.textContent = stockText(p);
  const isBuyable = p.status === 'active' && p.stock > 0;
  stock.dataset.state = !isBuyable ? 'out' : p.stock <= LOW_STOCK ? 'low' : 'in';
  buyButton.disabled = !isBuyable;
  buyButton.textContent = isBuyable ? 'Buy now' : p.status === 'active' ? 'Sold out' : 'Unavailable';
  addToBagButton.disabled = !isBuyable;
  show(addToBagButton, isBuyable);

  const description = byId('product-description');
  description.textContent = p.description.trim() || 'The merchant has not written a description yet.';
  description.classList.toggle('muted', !p.description.trim());
  renderShare();
  report.renderSession();
}

function placeholder(title: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'product-media-placeholder';
  span.setAttribute('aria-hidden', 'true');
  span.textContent = (title.trim()[0] ?? '·').toUpperCase();
  return span;
}

function renderRating(rating: ProductPage['rating']): void {
  const link = byId('product-rating', HTMLAnchorElement);
  const summary = byId('reviews-summary');
  if (rating.count === 0 || rating.average === null) {
    link.replaceChildren(starBar(0), ' No reviews yet');
    link.setAttribute('aria-label', 'No reviews yet');
    summary.textContent = 'No reviews yet';
    return;
  }
  const average = rating.average.toFixed(1);
  const label = `Rated ${average} out of 5 from ${rating.count} ${rating.count === 1 ? 'review' : 'reviews'}`;
  const value = document.createElement('span');
  value.className = 'rating-value';
  value.textContent = average;
  const count = document.createElement('span');
  count.className = 'rating-count';
  count.textContent = `(${rating.count})`;
  link.replaceChildren(starBar(rating.average), value, count);
  link.setAttribute('aria-label', label);
  summary.textContent = label;
}

async function loadReviews(): Promise<void> {
  moreButton.disabled = true;
  moreButton.textContent = 'Loading…';
  show(reviewsError, false);
  try {
    const page = await getReviews(productId, REVIEWS_PAGE, nextCursor);
    reviewList.append(...page.items.map((review) => reviewItem(review, reportReview)));
    renderReviewReports();
    nextCursor = page.nextCursor;
    renderRating(page.rating);
    show(reviewsEmpty, reviewList.childElementCount === 0);
  } catch {
    reviewsError.textContent = 'Could not load reviews. Try again.';
    show(reviewsError, true);
  } finally {
    moreButton.disabled = false;
    moreButton.textContent = 'Load more reviews';
    show(moreButton, nextCursor !== undefined || !reviewsError.hidden);
  }
}

buyButton.addEventListener('click', () => {
  if (!product) return;
  void checkout.open({ kind: 'product', product: { ...product, stock: product.stock } });
});

addToBagButton.addEventListener('click', () => {
  if (!product) return;
  const { id, title, priceCents, currency, imageUrl, merchantId } = product;
  cart.add({ productId: id, title, priceCents, currency, imageUrl, merchantId });
  shareStatus.textContent = `Added to your bag (${cart.count()} in it).`;
});

shareButton.addEventListener('click', async () => {
  const token = loadSession()?.token;
  if (!token || !product) return;
  shareButton.disabled = true;
  shareStatus.textContent = 'Making your link…';
  try {
    const link = await createShareLink(token, { productId: product.id });
    shareStatus.textContent = (await copyText(link.url))
      ? 'Link copied. You earn when friends buy through it.'
      : `Copy this link: ${link.url}`;
  } catch (error) {
    shareStatus.textContent =
      error instanceof ApiError && error.status === 401
        ? 'Your session ended. Sign in again to share.'
        : 'Could not make a link. Try again.';
  } finally {
    shareButton.disabled = false;
  }
});

moreButton.addEventListener('click', () => void loadReviews());

async function start(): Promise<void> {
  try {
    product = await getProductPage(productId);
  } catch (error) {
    show(loading, false);
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
      document.title = 'No longer available · Streamcart';
      show(notFound, true);
    } else {
      errorBox.textContent = 'Could not load this product. Check your connection and reload the page.';
      show(errorBox, true);
    }
    return;
  }
  renderProduct(product);
  show(loading, false);
  show(detail, true);
  show(reviewsSection, true);
  await loadReviews();
}

await start();

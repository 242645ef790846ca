import { AccountMenu } from '../../lib/account-menu.ts';
import { byId, show } from '../../lib/dom.ts';
import { mountLoginForm } from '../../lib/login-form.ts';
import { confirmReceipt, reviewOrder } from '../../lib/my-orders-api.ts';
import { NotificationsMenu } from '../../lib/notifications-menu.ts';
import { getOrder, payInSandbox } from '../../lib/orders-api.ts';
import { cancelOrder, requestRefund } from '../../lib/refund-api.ts';
import { loadSession, signOut } from '../../lib/session.ts';
import { connectLive } from '../../lib/socket.ts';
import { CancelOrderDialog } from './cancel-order-dialog.ts';
import { OrdersList } from './orders-list.ts';
import { RefundRequestDialog } from './refund-request-dialog.ts';

const signedOutSection = byId('signed-out');
const ordersSection = byId('orders');

const token = () => loadSession()?.token ?? '';

// One socket for the bell (notification:new) and order:update, which moves the cards live.
const socket = connectLive(() => loadSession()?.token);
const header = byId('header-actions');
const notifications = new NotificationsMenu({ slot: header, socket, session: loadSession });
const account = new AccountMenu({ slot: header, onChange: () => sessionChanged() });
const cancelDialog = new CancelOrderDialog({ cancel: (orderId, idempotencyKey) => cancelOrder(token(), orderId, idempotencyKey) });
const refundDialog = new RefundRequestDialog({ send: (orderId, request) => requestRefund(token(), orderId, request) });
const list = new OrdersList({
  session: loadSession,
  onSignedOut: () => {
    signOut();
    sessionChanged();
  },
  actions: {
    async pay(order) {
      // The sandbox provider calls the payment webhook before it answers, so the order is read after it.
      await payInSandbox(token(), order.paymentId ?? '', 'succeeded');
      return (await getOrder(token(), order.id)).status;
    },
    confirmReceipt: async (orderId) => (await confirmReceipt(token(), orderId)).status,
    review: (orderId, review) => reviewOrder(token(), orderId, review),
    cancel: async (order) => (await cancelDialog.open(order))?.status,
    requestRefund: (order) => refundDialog.open(order),
  },
});

function sessionChanged(): void {
  account.render();
  notifications.renderSession();
  socket.disconnect().connect();
  render();
}

function render(): void {
  const session = loadSession();
  show(signedOutSection, !session);
  show(ordersSection, Boolean(session));
  if (session) {
    void list.load();
    return;
  }
  list.clear();
  mountLoginForm(byId('sign-in-slot'), {
    title: 'Sign in to see your orders',
    hint: 'Orders from live shows and product pages are kept with your account.',
    onSignedIn: () => sessionChanged(),
  });
}

socket.on('order:update', () => list.refreshSoon());
// Updates sent while the socket was away are not replayed: read the orders again on a reconnect.
let hasConnected = false;
socket.on('connect', () => {
  if (hasConnected) list.refreshSoon();
  hasConnected = true;
});

render();

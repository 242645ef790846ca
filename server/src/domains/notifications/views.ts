/** What the notifications API and `notification:new` carry; the pages import these types too. */

export interface NotificationView {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

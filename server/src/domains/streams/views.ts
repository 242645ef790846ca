import type { StreamEndedBy, StreamStatus } from '../../../../db/schema/streams.ts';
import type { ProductView } from '../catalog/views.ts';

/** What the streams API answers; the pages import these types too. */

export interface StreamView {
  id: string;
  kolId: string;
  title: string;
  status: StreamStatus;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Who ended it (`moderation`: an admin stopped it); null until it ends. */
  endedBy: StreamEndedBy | null;
  pinnedProductId: string | null;
  viewerCount: number;
}

export interface StreamPage extends StreamView {
  showcase: ProductView[];
  activeFlashSale: unknown;
}

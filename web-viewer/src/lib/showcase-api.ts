import type { StreamPage } from '../../../server/src/domains/streams/views.ts';
import { api, type Product } from './api.ts';

/** GET /api/streams/:id: the stream with its shopping bag (in the KOL's order) and pin. */
export type { StreamPage };

export interface TopFan {
  userId: string;
  displayName: string;
  points: number;
  level: number;
}

const streamPath = (streamId: string) => `/api/streams/${encodeURIComponent(streamId)}`;

export function getStreamPage(streamId: string): Promise<StreamPage> {
  return api<StreamPage>('GET', streamPath(streamId));
}

/** Active products whose title matches `q`, newest first. */
export async function searchProducts(q: string, limit = 8): Promise<Product[]> {
  const query = new URLSearchParams({ q, limit: String(limit) });
  return (await api<{ items: Product[] }>('GET', `/api/products?${query}`)).items;
}

/** The KOL's calls on their own stream's shopping bag; each answers with the bag as it now is. */
export class ShowcaseEditor {
  readonly #streamId: string;
  readonly #token: () => string | undefined;

  constructor(streamId: string, token: () => string | undefined) {
    this.#streamId = streamId;
    this.#token = token;
  }

  async add(productId: string): Promise<Product[]> {
    return (
      await api<{ items: Product[] }>('POST', `${streamPath(this.#streamId)}/showcase`, { token: this.#token(), body: { productId } })
    ).items;
  }

  async reorder(productIds: string[]): Promise<Product[]> {
    return (
      await api<{ items: Product[] }>('PUT', `${streamPath(this.#streamId)}/showcase`, { token: this.#token(), body: { productIds } })
    ).items;
  }

  async remove(productId: string): Promise<Product[]> {
    return (
      await api<{ items: Product[] }>('DELETE', `${streamPath(this.#streamId)}/showcase/${encodeURIComponent(productId)}`, {
        token: this.#token(),
      })
    ).items;
  }

  async pin(productId: string | null): Promise<void> {
    if (productId) await api('POST', `${streamPath(this.#streamId)}/pin`, { token: this.#token(), body: { productId } });
    else await api('DELETE', `${streamPath(this.#streamId)}/pin`, { token: this.#token() });
  }

  /** Ids of the users muted in this stream. */
  async mutedUserIds(): Promise<string[]> {
    return (await api<{ items: string[] }>('GET', `${streamPath(this.#streamId)}/mutes`, { token: this.#token() })).items;
  }

  async mute(userId: string, isMuted: boolean): Promise<void> {
    if (isMuted) await api('POST', `${streamPath(this.#streamId)}/mutes`, { token: this.#token(), body: { userId } });
    else await api('DELETE', `${streamPath(this.#streamId)}/mutes/${encodeURIComponent(userId)}`, { token: this.#token() });
  }
}

export async function getTopFans(kolId: string, limit = 5): Promise<TopFan[]> {
  return (await api<{ items: TopFan[] }>('GET', `/api/kols/${encodeURIComponent(kolId)}/fans/top?limit=${limit}`)).items;
}

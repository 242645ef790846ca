import { ApiError, api } from '../../lib/api.ts';

/** A scheduled or live show a merchant may aim a flash sale at (GET /api/merchants/me/streams). */
export interface MerchantStream {
  id: string;
  title: string;
  status: 'scheduled' | 'live';
  scheduledAt: string | null;
  kolId: string;
  kolDisplayName: string;
  /** The KOL features one of the merchant's products there: a sale is accepted at once (otherwise it is a proposal). */
  accepts: boolean;
}

/** The shows to offer in the sale form; undefined when the server cannot list them (the form then offers none). */
export async function listMyStreams(token: string): Promise<MerchantStream[] | undefined> {
  try {
    return (await api<{ items: MerchantStream[] }>('GET', '/api/merchants/me/streams', { token })).items;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

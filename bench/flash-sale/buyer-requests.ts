// The reserve requests of many buyers for autocannon. Each connection gets its own share of the
// tokens as a fixed list of requests, which autocannon encodes once, so the load generator spends
// on a buyer's request about what it spends on hello-world's (a setupRequest callback that builds
// every request anew cost it a third more CPU, taken from the server on a 2-core machine).
import type { Client, Options } from 'autocannon';

const RESERVE_BODY = '{"quantity":1}';

/** autocannon options that send POST {quantity: 1} to `url`, each request with the next of `tokens`. */
export function buyerRequests(url: string, tokens: readonly string[], connections: number): Options {
  const perConnection = Math.max(1, Math.ceil(tokens.length / connections));
  let nextConnection = 0;
  const reserve = (token: string) => ({
    method: 'POST',
    body: RESERVE_BODY,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  return {
    url,
    connections,
    requests: [reserve(tokens[0] ?? '')],
    setupClient: (client: Client) => {
      const first = (nextConnection++ * perConnection) % Math.max(1, tokens.length);
      client.setRequests(Array.from({ length: perConnection }, (_, i) => reserve(tokens[(first + i) % tokens.length] ?? '')));
    },
  };
}

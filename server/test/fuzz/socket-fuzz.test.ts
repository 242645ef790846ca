import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, buildWorld, tokenOf, type World } from '../authorization-matrix/world.ts';
import { startTestEngine, type TestEngine } from '../harness.ts';
import type { LiveClient } from '../live-client.ts';
import { HOSTILE_VALUES } from './hostile.ts';

/** Every client→server event named in the contract's ClientToServerEvents (read from its source, so a new one is fuzzed too). */
function clientEvents(): string[] {
  const source = readFileSync(new URL('../../src/realtime/contract.ts', import.meta.url), 'utf8');
  const block = /export interface ClientToServerEvents \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  return [...block.matchAll(/^\s*'([\w:-]+)':/gm)].map((m) => m[1] as string);
}

const CHAT_FIELDS = ['streamId', 'text', 'count', 'commentId', 'groupId', 'commentBatching'];
const MEDIA_FIELDS = [
  'streamId',
  'direction',
  'transportId',
  'dtlsParameters',
  'kind',
  'rtpParameters',
  'rtpCapabilities',
  'consumerId',
  'spatialLayer',
];
const WHOLE_PAYLOADS: unknown[] = [undefined, null, 'a\u0000b', 2 ** 31, 1e308, [], 'x'.repeat(100_000), { __proto__: { admin: true } }];

function basePayload(world: World, event: string): Record<string, unknown> {
  return {
    streamId: world.ids.stream,
    ...(event.startsWith('comment:send') ? { text: 'Hello' } : {}),
    ...(event === 'comment:delete' ? { commentId: world.ids.comment } : {}),
    ...(event === 'like:send' ? { count: 1 } : {}),
    ...(event === 'group:watch' ? { groupId: world.ids.group } : {}),
    ...(event === 'media:transport' ? { direction: 'recv' } : {}),
  };
}

interface Outcome {
  acked: number;
  findings: string[];
}

/** Emits and checks the ack: `{ok:true}` or `{ok:false, error:{code,message}}` with a code that is not INTERNAL. */
async function probe(socket: LiveClient, event: string, payload: unknown, label: string, outcome: Outcome): Promise<void> {
  try {
    const ack: any = await (socket.timeout(1_500).emitWithAck as (e: string, p: unknown) => Promise<unknown>)(event, payload);
    outcome.acked++;
    if (ack?.ok === true) return;
    if (ack?.ok !== false || typeof ack.error?.code !== 'string' || typeof ack.error.message !== 'string') {
      outcome.findings.push(`${label}: ack outside the shape ${JSON.stringify(ack).slice(0, 200)}`);
    } else if (ack.error.code === 'INTERNAL') {
      outcome.findings.push(`${label}: INTERNAL`);
    }
  } catch {
    // No ack: events without one (stream:leave) and events the server ignores.
  }
}

describe('Socket.IO fuzzing of every client→server event in the contract', () => {
  let engine: TestEngine;
  let world: World;

  beforeAll(async () => {
    engine = await startTestEngine();
    world = await buildWorld(engine);
  }, 180_000);
  afterAll(async () => {
    await engine?.close();
  });

  it('acks hostile payloads with an error in the shape, never INTERNAL, as every kind of caller', async () => {
    const events = clientEvents();
    expect(events).toContain('comment:send');
    expect(events.length).toBeGreaterThan(8);
    const outcome: Outcome = { acked: 0, findings: [] };
    const actors: Actor[] = ['anonymous', 'viewer', 'owningKol', 'admin'];
    await Promise.all(
      actors.map(async (actor) => {
        const socket = await engine.connect(tokenOf(world, actor));
        const full = actor === 'viewer' || actor === 'owningKol';
        for (const event of events) {
          const base = basePayload(world, event);
          const probes: Promise<void>[] = [];
          for (const whole of WHOLE_PAYLOADS)
            probes.push(probe(socket, event, whole, `${event} as ${actor}: ${String(whole).slice(0, 20)}`, outcome));
          const fields = event.startsWith('media:') ? MEDIA_FIELDS : CHAT_FIELDS;
          for (const field of full ? fields : fields.slice(0, 1)) {
            for (const h of HOSTILE_VALUES) {
              probes.push(probe(socket, event, { ...base, [field]: h.value }, `${event} as ${actor}: ${h.name} in ${field}`, outcome));
            }
            probes.push(probe(socket, event, { ...base, [field]: undefined }, `${event} as ${actor}: ${field} missing`, outcome));
          }
          probes.push(
            probe(socket, event, { ...base, isAdmin: true, userId: world.users.admin.id }, `${event} as ${actor}: extra fields`, outcome),
          );
          await Promise.all(probes);
        }
        socket.disconnect();
      }),
    );
    expect(outcome.findings).toEqual([]);
    expect(outcome.acked).toBeGreaterThan(500);

    // Healthy afterwards: a new viewer joins the stream and the KOL's comment reaches the room.
    const kol = await engine.connect(world.users.owningKol.token);
    const joined: any = await kol.timeout(5_000).emitWithAck('stream:join', { streamId: world.ids.stream });
    expect(joined.ok).toBe(true);
    expect((await engine.http('GET', '/api/health')).status).toBe(200);
  }, 240_000);
});

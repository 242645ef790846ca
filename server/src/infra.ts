import type { Redis } from 'ioredis';
import { type Database, openDatabase } from '../../db/client.ts';
import type { Config } from './config.ts';
import { Queues } from './jobs/queues.ts';
import { createQueueConnection, createRedis } from './redis/client.ts';

/** The outside services one process talks to: PostgreSQL (or PGlite), Redis and BullMQ. */
export interface Infra {
  database: Database;
  redis: Redis;
  queueConnection: Redis;
  queues: Queues;
  close(): Promise<void>;
}

export function openInfra(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'redisUrl' | 'redisPrefix' | 'payouts'>): Infra {
  const database = openDatabase({ url: config.databaseUrl, dataDir: `${config.dataDir}/pglite` });
  const redis = createRedis(config.redisUrl, config.redisPrefix);
  const queueConnection = createQueueConnection(config.redisUrl);
  const queues = new Queues({
    connection: queueConnection,
    redisPrefix: config.redisPrefix,
    retries: { 'payout-transfer': { attempts: config.payouts.transferAttempts, firstBackoffMs: config.payouts.transferBackoffMs } },
  });
  return {
    database,
    redis,
    queueConnection,
    queues,
    async close() {
      await queues.close();
      queueConnection.disconnect();
      redis.disconnect();
      await database.close();
    },
  };
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig()', () => {
  it('fills development defaults and names the secrets still on them', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.devDefaults).toEqual(['JWT_SECRET', 'WEBHOOK_SECRET']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('refuses development secrets when NODE_ENV=production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET and WEBHOOK_SECRET/);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), WEBHOOK_SECRET: 'y'.repeat(20) });
    expect(config.devDefaults).toEqual([]);
  });

  it('lists every invalid variable with how to fix it', () => {
    try {
      loadConfig({ PORT: 'eighty', PLATFORM_FEE_BPS: '20000', JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(String(error)).toMatch(/PORT/);
      expect(String(error)).toMatch(/PLATFORM_FEE_BPS/);
      expect(String(error)).toMatch(/JWT_SECRET/);
    }
  });

  it('takes how often and how patiently payout transfers are retried, within bounds', () => {
    expect(loadConfig({}).payouts).toEqual({ transferAttempts: 8, transferBackoffMs: 500 });
    expect(loadConfig({ PAYOUT_TRANSFER_ATTEMPTS: '12', PAYOUT_TRANSFER_BACKOFF_MS: '60000' }).payouts).toEqual({
      transferAttempts: 12,
      transferBackoffMs: 60_000,
    });
    expect(() => loadConfig({ PAYOUT_TRANSFER_ATTEMPTS: '0' })).toThrow(/PAYOUT_TRANSFER_ATTEMPTS/);
    expect(() => loadConfig({ PAYOUT_TRANSFER_BACKOFF_MS: 'soon' })).toThrow(/PAYOUT_TRANSFER_BACKOFF_MS/);
  });

  it('rejects an RTC port range that runs backwards', () => {
    expect(() => loadConfig({ RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' })).toThrow(ConfigError);
  });
});

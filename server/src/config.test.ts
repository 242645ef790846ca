import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

// Secrets the demo generates land in this directory, not in the repository's .data.
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'streamcart-config-'));
afterAll(() => rmSync(DATA_DIR, { recursive: true, force: true }));

describe('loadConfig()', () => {
  it('fills development defaults and generates the missing secrets into DATA_DIR/secrets.json', () => {
    const config = loadConfig({ DATA_DIR });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.devDefaults).toEqual(['JWT_SECRET', 'WEBHOOK_SECRET']);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.webhookSecret).not.toBe(config.jwtSecret);
    expect(Object.isFrozen(config)).toBe(true);
    expect(statSync(path.join(DATA_DIR, 'secrets.json')).mode & 0o777).toBe(0o600);
    // The next process on the same DATA_DIR gets the same secrets.
    expect(loadConfig({ DATA_DIR }).jwtSecret).toBe(config.jwtSecret);
  });

  it('lists every invalid variable with how to fix it', () => {
    try {
      loadConfig({ DATA_DIR, PORT: 'eighty', PLATFORM_FEE_BPS: '20000', JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(String(error)).toMatch(/PORT/);
      expect(String(error)).toMatch(/PLATFORM_FEE_BPS/);
      expect(String(error)).toMatch(/JWT_SECRET/);
    }
  });

  it('takes how often and how patiently payout transfers are retried, within bounds', () => {
    expect(loadConfig({ DATA_DIR }).payouts).toEqual({ transferAttempts: 8, transferBackoffMs: 500 });
    expect(loadConfig({ DATA_DIR, PAYOUT_TRANSFER_ATTEMPTS: '12', PAYOUT_TRANSFER_BACKOFF_MS: '60000' }).payouts).toEqual({
      transferAttempts: 12,
      transferBackoffMs: 60_000,
    });
    expect(() => loadConfig({ DATA_DIR, PAYOUT_TRANSFER_ATTEMPTS: '0' })).toThrow(/PAYOUT_TRANSFER_ATTEMPTS/);
    expect(() => loadConfig({ DATA_DIR, PAYOUT_TRANSFER_BACKOFF_MS: 'soon' })).toThrow(/PAYOUT_TRANSFER_BACKOFF_MS/);
  });

  it('rejects an RTC port range that runs backwards', () => {
    expect(() => loadConfig({ DATA_DIR, RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' })).toThrow(ConfigError);
  });
});

describe('loadConfig() for production and exposed hosts', () => {
  const strong = { JWT_SECRET: 'k7Qz9wLm2VxR4tYp8NbC1dFgH3jK5sZa', WEBHOOK_SECRET: 'W2e4R6t8Y0u1I3o5P7a9S1d3F5g7H9jK' };
  const production = {
    NODE_ENV: 'production',
    DATA_DIR,
    DATABASE_URL: 'postgres://streamcart@db/streamcart',
    REDIS_URL: 'redis://cache:6379',
    PUBLIC_URL: 'https://shop.example.com',
  };

  it('refuses to start without JWT_SECRET and WEBHOOK_SECRET, saying how to make them', () => {
    expect(() => loadConfig(production)).toThrow(/JWT_SECRET is not set[\s\S]*WEBHOOK_SECRET is not set[\s\S]*openssl rand/);
  });

  it('refuses short or low-entropy secrets in production', () => {
    expect(() => loadConfig({ ...production, ...strong, WEBHOOK_SECRET: 'only-twenty-chars-xx' })).toThrow(/WEBHOOK_SECRET is too weak/);
    expect(() => loadConfig({ ...production, ...strong, JWT_SECRET: 'x'.repeat(40) })).toThrow(/JWT_SECRET is too weak/);
  });

  it('refuses the secrets once published in the source, in every environment', () => {
    expect(() => loadConfig({ DATA_DIR, JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789' })).toThrow(/published in the source/);
    expect(() => loadConfig({ ...production, ...strong, WEBHOOK_SECRET: 'dev-only-webhook-secret-change-me' })).toThrow(
      /WEBHOOK_SECRET is a value once published/,
    );
  });

  it('needs PostgreSQL, Redis and the public URL named in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...strong })).toThrow(/DATABASE_URL is not set[\s\S]*REDIS_URL[\s\S]*PUBLIC_URL/);
  });

  it('accepts strong secrets in production: no sandbox payments, https cookies and the public origin allowed', () => {
    const config = loadConfig({
      ...production,
      ...strong,
      HOST: '0.0.0.0',
      ALLOWED_ORIGINS: 'https://admin.example.com/, https://shop.example.com',
    });
    expect(config.devDefaults).toEqual([]);
    expect(config.jwtSecret).toBe(strong.JWT_SECRET);
    expect(config.paymentsProvider).toBe('external');
    expect(config.isHttps).toBe(true);
    expect(config.allowedOrigins).toEqual(['https://shop.example.com', 'https://admin.example.com']);
    expect(loadConfig({ ...production, ...strong, PAYMENTS_PROVIDER: 'sandbox' }).paymentsProvider).toBe('sandbox');
  });

  it('refuses a non-loopback HOST while the secrets are the generated demo ones', () => {
    expect(() => loadConfig({ DATA_DIR, HOST: '0.0.0.0' })).toThrow(/HOST=0\.0\.0\.0 would expose[\s\S]*JWT_SECRET/);
    expect(loadConfig({ DATA_DIR, HOST: '0.0.0.0', ...strong }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATA_DIR, HOST: '127.0.0.1' }).paymentsProvider).toBe('sandbox');
  });

  it('refuses an ALLOWED_ORIGINS entry that is no origin', () => {
    expect(() => loadConfig({ DATA_DIR, ALLOWED_ORIGINS: 'not a url' })).toThrow(/ALLOWED_ORIGINS/);
  });
});

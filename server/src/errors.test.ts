import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERRORS, type ErrorCode } from './errors.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('the error catalogue', () => {
  it('documents every error code with its status in docs/errors.md', () => {
    for (const [code, { status }] of Object.entries(ERRORS)) {
      expect(doc).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`));
    }
  });

  it('uses codes in UPPER_SNAKE with 4xx or 5xx statuses', () => {
    for (const [code, { status, message }] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(status >= 400 && status < 600).toBe(true);
      expect(message.length).toBeGreaterThan(5);
    }
  });

  it('AppError carries its status and renders the API error shape', () => {
    const error = new AppError('SOLD_OUT' satisfies ErrorCode);
    expect(error.status).toBe(409);
    expect(error.toBody()).toEqual({ error: { code: 'SOLD_OUT', message: ERRORS.SOLD_OUT.message } });
  });
});

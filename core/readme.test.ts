import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsReference } from './config.ts';
import { ERRORS } from './errors.ts';

describe('documentation and registries', () => {
  it('the README documents every setting with its env var, key, default and range', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const s of settingsReference()) {
      const row = `| \`${s.env}\` | \`${s.key}\` | \`${s.default === '' ? '(empty)' : s.default}\` | ${s.range} | ${s.doc} |`;
      expect(readme, `README row for ${s.env}`).toContain(row);
    }
  });

  it('every error code follows RUNWAY_ERR_<AREA>_<CONDITION> and has a client or server status', () => {
    for (const [code, { status, message }] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^RUNWAY_ERR_[A-Z]+_[A-Z_]+$/);
      expect(status >= 400 && status < 600, code).toBe(true);
      expect(message.length).toBeGreaterThan(5);
    }
  });
});

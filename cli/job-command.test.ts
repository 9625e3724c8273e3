import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJobCommand } from './job-command.ts';

async function run(argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runJobCommand(argv, { stdout: () => {}, stderr: (s) => (err += s) });
  return { code, err };
}

describe('runway job', () => {
  it('takes every kind option it documents, and refuses one it does not', async () => {
    process.env.RUNWAY_ALERT_STATE_FILE = join(mkdtempSync(join(tmpdir(), 'runway-job-')), 'alerts.json');
    // The options are read; the alert is then not found in an empty state file.
    const known = await run(['abc123', '--kind', 'clean-small-files', '--files-dir', '/var/lib/php/sessions', '--pattern', 'sess_*', '--older-than-days', '14']);
    expect(known.err).toContain('no alert "abc123"');
    const unknown = await run(['abc123', '--kind', 'clean-small-files', '--file-dir', '/tmp']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/file-dir/);
    expect(unknown.err).not.toContain('no alert');
  });
});

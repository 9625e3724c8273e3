import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureInput } from './notice-fixtures.ts';
import { renderNotice } from './render-notice.ts';

const CHROMIUM = '/usr/bin/chromium';
/** A4 at 150 dpi. */
const WIDTH = 1240;
const HEIGHT = 1754;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('a notice in headless Chromium', () => {
  it('renders to a page-sized PNG with content', () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: ./scripts/test installs Debian's chromium`).toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'runway-notice-'));
    const html = join(dir, 'notice.html');
    const png = join(dir, 'notice.png');
    writeFileSync(html, renderNotice(fixtureInput('da')).html);
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, `--screenshot=${png}`, `--window-size=${WIDTH},${HEIGHT}`, `file://${html}`];
    // The timeout only stops a hung browser from hanging the suite; nothing here measures time.
    const run = spawnSync(CHROMIUM, args, { encoding: 'utf8', timeout: 50_000 });
    expect(run.status, `chromium failed: ${run.stderr}`).toBe(0);

    expect(existsSync(png)).toBe(true);
    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR is the first chunk: width and height as big-endian 32-bit integers after its length and type.
    expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([WIDTH, HEIGHT]);
    // A blank page of this size compresses to a few kilobytes; text and two charts make far more.
    expect(statSync(png).size).toBeGreaterThan(60_000);
    expect(statSync(png).size).toBeLessThan(5_000_000);
  });
});

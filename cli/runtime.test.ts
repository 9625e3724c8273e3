import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const { MIN_MAJOR, findRuntime } = createRequire(import.meta.url)('../bin/runtime.cjs') as {
  MIN_MAJOR: number;
  findRuntime(o?: { install?: boolean; version?: string; runtimeDir?: string }): { node: string | null; why: string };
};
const BIN = new URL('../bin/runway.js', import.meta.url).pathname;

describe('the runtime Runway runs on', () => {
  it('is this Node when it is new enough', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(MIN_MAJOR);
    const found = findRuntime();
    expect(found.node).toBe(process.execPath);
    expect(found.why).toContain(process.version);
  });

  it('names the exact install command when an older Node finds none and may not install', () => {
    const runtimeDir = mkdtempSync(join(tmpdir(), 'runway-runtime-'));
    const found = findRuntime({ version: 'v20.20.2', runtimeDir });
    expect(found.node).toBeNull();
    expect(found.why).toContain('this is v20.20.2');
    expect(found.why).toMatch(new RegExp(`npm install --prefix ${runtimeDir} node-linux-(x64|arm64)@${MIN_MAJOR}`));
  });

  it('runs the runway command from its TypeScript sources on this Node', () => {
    const out = execFileSync(process.execPath, [BIN, 'help'], { encoding: 'utf8' });
    expect(out).toMatch(/^runway: capacity forecasting/);
  });
});

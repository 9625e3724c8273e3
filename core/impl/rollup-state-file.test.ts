import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRollupState, saveRollupState, type RollupState } from './rollup-state-file.ts';

const quiet = { info() {}, error() {} };
const fileIn = (): string => join(mkdtempSync(join(tmpdir(), 'rollup-state-')), 'rollup-state.json');

describe('rollup state file', () => {
  it('reads back what was saved, and nothing without a file', async () => {
    const path = fileIn();
    expect(await loadRollupState(path, quiet)).toBeNull();
    const state: RollupState = { version: 1, hoursFinalMs: 1_800_000_000_000, daysFinal: 20_833, dirty: [[20_800, ['web1', 'db1']], [20_801, null]], rewritten: [['web1', 1_797_120_000_000]] };
    await saveRollupState(path, state);
    expect(await loadRollupState(path, quiet)).toEqual(state);
  });

  it('moves a damaged file aside, says so, and starts as on a first start', async () => {
    const errors: string[] = [];
    for (const text of ['{"version":1,"hoursFinalMs":', '{"version":1,"hoursFinalMs":null,"daysFinal":null,"dirty":[[1.5,null]],"rewritten":[]}']) {
      const path = fileIn();
      writeFileSync(path, text);
      expect(await loadRollupState(path, { info() {}, error: (_, msg) => errors.push(msg) })).toBeNull();
      expect(readdirSync(join(path, '..')).filter((f) => f.startsWith('rollup-state.json.damaged-'))).toHaveLength(1);
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/is damaged; moved to .*Yesterday and today are rolled up again/);
  });
});

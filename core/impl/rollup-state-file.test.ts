import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayRanges, journalOf, journalTouches, loadRollupState, saveRollupState, type RollupState } from './rollup-state-file.ts';

const quiet = { info() {}, error() {} };
const fileIn = (): string => join(mkdtempSync(join(tmpdir(), 'rollup-state-')), 'rollup-state.json');
const STATE: RollupState = { version: 1, hoursFinalMs: 1_800_000_000_000, daysFinal: 20_833, dirty: [['web1', [[20_800, 20_803]]], [null, [[20_801, 20_801]]]], rewritten: [['web1', 1_797_120_000_000]] };

describe('rollup state file', () => {
  it('reads back the state saved and the touches journalled since; nothing without either', async () => {
    const path = fileIn();
    expect(await loadRollupState(path, quiet)).toBeNull();
    await journalTouches(path, [[1, 2, ['db1']]]);
    await saveRollupState(path, STATE); // the state holds every touch so far: the journal starts over
    await journalTouches(path, [[3, 4, ['web1', 'db1']], [5, 6, null]]);
    expect(await loadRollupState(path, quiet)).toEqual({ state: STATE, touches: [[3, 4, ['web1', 'db1']], [5, 6, null]] });
  });

  it('skips a journal line torn by a crash, and moves a damaged state aside, says so, and keeps the journal', async () => {
    const errors: string[] = [];
    for (const text of ['{"version":1,"hoursFinalMs":', '{"version":1,"hoursFinalMs":null,"daysFinal":null,"dirty":[["web1",[[3,2]]]],"rewritten":[]}']) {
      const path = fileIn();
      writeFileSync(path, text);
      await journalTouches(path, [[3, 4, ['web1']]]);
      appendFileSync(journalOf(path), '[5,6,["we');
      expect(await loadRollupState(path, { info() {}, error: (_, msg) => errors.push(msg) })).toEqual({ state: null, touches: [[3, 4, ['web1']]] });
      expect(readdirSync(join(path, '..')).filter((f) => f.startsWith('rollup-state.json.damaged-'))).toHaveLength(1);
    }
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/is damaged; moved to .*Yesterday and today are rolled up again/);
  });

  it('keeps days as ranges of consecutive days', () => {
    expect(dayRanges([5, 3, 4, 9, 10, 12])).toEqual([[3, 5], [9, 10], [12, 12]]);
  });
});

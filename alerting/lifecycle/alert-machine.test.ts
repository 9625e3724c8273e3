import { describe, expect, it } from 'vitest';
import { AlertMachine, type AlertCandidate } from './alert-machine.ts';
import { DEFAULT_TIERS } from './tiers.ts';

const HOUR = 3_600_000;
const candidate = (daysLeft: number | null, host = 'web-1'): AlertCandidate => ({
  key: `DiskFillingUp|acme|${host}|disk /var`,
  labels: { alertname: 'DiskFillingUp', customer: 'acme', host, resource: 'disk /var' },
  daysLeft,
  summary: `full in ${daysLeft} days`,
  remediation: 'grow it',
});
const kinds = (m: AlertMachine, c: AlertCandidate[], t: number) => m.evaluate(c, t).map((x) => `${x.kind}:${x.record.severity}`);

describe('AlertMachine', () => {
  it('holds a new condition pending before it fires', () => {
    const m = new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 2, clearRuns: 2 });
    expect(kinds(m, [candidate(20)], 0)).toEqual([]);
    expect(m.get(candidate(20).key)?.state).toBe('pending');
    expect(kinds(m, [candidate(19)], HOUR)).toEqual(['firing:warning']);
  });

  it('forgets a pending alert whose condition went away, without telling anyone', () => {
    const m = new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 2, clearRuns: 2 });
    m.evaluate([candidate(20)], 0);
    expect(kinds(m, [candidate(null)], HOUR)).toEqual([]);
    expect(m.records()).toEqual([]);
  });

  it('does not flap while the forecast wobbles around a tier bound', () => {
    const m = new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 2 });
    const wobble = [29.5, 30.8, 29.9, 31.5, 30.2, 32.9, 29.1];
    const out = wobble.flatMap((d, i) => kinds(m, [candidate(d)], i * HOUR));
    expect(out).toEqual(['firing:warning']);
  });

  it('escalates at once, resolves only after clearRuns runs without the condition, and numbers episodes', () => {
    const m = new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 2 });
    expect(kinds(m, [candidate(20)], 0)).toEqual(['firing:warning']);
    expect(kinds(m, [candidate(5)], HOUR)).toEqual(['escalated:critical']);
    expect(kinds(m, [candidate(12)], 2 * HOUR)).toEqual(['deescalated:warning']);
    expect(kinds(m, [candidate(200)], 3 * HOUR)).toEqual([]);
    expect(kinds(m, [], 4 * HOUR)).toEqual(['resolved:warning']); // a vanished series counts as "condition gone"
    expect(m.get(candidate(1).key)?.episode).toBe(1);
    expect(kinds(m, [candidate(1)], 5 * HOUR)).toEqual(['firing:critical']);
    expect(m.get(candidate(1).key)?.episode).toBe(2);
  });

  it('keeps state across a restart and clears an acknowledgement with the episode', () => {
    const m = new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 });
    m.evaluate([candidate(20)], 0);
    expect(m.acknowledge(candidate(20).key, 'ops', 'on it', HOUR)?.ack).toEqual({ by: 'ops', atMs: HOUR, comment: 'on it' });
    const again = new AlertMachine({ tiers: DEFAULT_TIERS, holdRuns: 1, clearRuns: 1 }, JSON.parse(JSON.stringify(m.records())));
    expect(kinds(again, [candidate(21)], 2 * HOUR)).toEqual([]);
    expect(again.get(candidate(1).key)?.ack?.by).toBe('ops');
    expect(kinds(again, [], 3 * HOUR)).toEqual(['resolved:warning']);
    expect(again.get(candidate(1).key)?.ack).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { parseRtmProbes } from './rtm-probes.ts';

const f = (value: number) => ({ type: 'float', value });
const s = (value: string) => ({ type: 'string', value });

/** rtmHourly.pl output (formats.md §1a), byte for byte. */
const PROBES = `{"metric":"rtm.info.uptime","timestamp":1582207693,"value":"11400912"}
{"metric":"os.load.processesup","timestamp":1582207693,"value":"650"}
{"metric":"rtm.info.mem.top_mem_1_name","timestamp":1582207693,"value":"/usr/bin/syncthing"}
{"metric":"rtm.info.tcp.listen.ip-0-0-0-0.port-79.username","timestamp":1582207693,"value":"oco"}
{"metric":"rtm.hw.cpu.number","timestamp":1582208062,"value":"12"}
{"metric":"rtm.info.hdd.sda.smart.power-on-hours","timestamp":1582208062,"value":"10521"}
`;

describe('parseRtmProbes', () => {
  it('maps the rtmHourly.pl sample: system fields for CPUs and processes, the rest under rtm', () => {
    const r = parseRtmProbes(PROBES, 'ns123.ovh.net');
    expect(r.errors).toEqual([]);
    expect(r.lines).toBe(6);
    const host = { host: 'ns123.ovh.net' };
    expect(r.points).toEqual([
      {
        measurement: 'rtm', tags: host, timeNs: 1582207693000000000n,
        fields: {
          'rtm.info.uptime': f(11400912),
          'rtm.info.mem.top_mem_1_name': s('/usr/bin/syncthing'),
          'rtm.info.tcp.listen.ip-0-0-0-0.port-79.username': s('oco'),
        },
      },
      { measurement: 'system', tags: host, fields: { processes_up: f(650) }, timeNs: 1582207693000000000n },
      { measurement: 'system', tags: host, fields: { n_cpus: f(12) }, timeNs: 1582208062000000000n },
      { measurement: 'rtm', tags: host, fields: { 'rtm.info.hdd.sda.smart.power-on-hours': f(10521) }, timeNs: 1582208062000000000n },
    ]);
  });

  it('maps processesactive, accepts numbers, scollector tags and CRLF', () => {
    const r = parseRtmProbes(
      '{"metric":"os.load.processesactive","timestamp":1582207693,"value":3}\r\n' +
        '{"metric":"rtm.info.kernel.release","timestamp":"1582207693","value":"5.4.0","tags":{"dc":"gra","host":"ignored"}}\r\n',
      'h',
    );
    expect(r.errors).toEqual([]);
    expect(r.points).toEqual([
      { measurement: 'system', tags: { host: 'h' }, fields: { processes_active: f(3) }, timeNs: 1582207693000000000n },
      { measurement: 'rtm', tags: { dc: 'gra', host: 'h' }, fields: { 'rtm.info.kernel.release': s('5.4.0') }, timeNs: 1582207693000000000n },
    ]);
  });

  it('keeps a non-numeric CPU count under rtm rather than losing it', () => {
    const r = parseRtmProbes('{"metric":"rtm.hw.cpu.number","timestamp":1,"value":"unknown"}', 'h');
    expect(r.points).toEqual([{ measurement: 'rtm', tags: { host: 'h' }, fields: { 'rtm.hw.cpu.number': s('unknown') }, timeNs: 1_000_000_000n }]);
  });

  it('reports bad lines with their number and reason, and keeps the rest', () => {
    const body = [
      '{"metric":"rtm.info.uptime","timestamp":1582207693,"value":"1"}',
      'not json',
      '[1,2]',
      '{"timestamp":1,"value":"1"}',
      '{"metric":"x","value":"1"}',
      '{"metric":"x","timestamp":1e30,"value":"1"}',
      '{"metric":"x","timestamp":1,"value":null}',
      '{"metric":"x","timestamp":1,"value":"1","tags":{"a":1}}',
      '',
      '{"metric":"rtm.info.uptime","timestamp":1582207694,"value":"2"}',
    ].join('\n');
    const r = parseRtmProbes(body, 'h');
    expect(r.points.map((p) => p.fields['rtm.info.uptime'])).toEqual([f(1), f(2)]);
    expect(r.lines).toBe(9);
    expect(r.errors.map((e) => [e.line, e.reason.replace(/:.*/, ':')])).toEqual([
      [2, 'invalid JSON:'],
      [3, 'expected a JSON object'],
      [4, '"metric" must be a non-empty string'],
      [5, '"timestamp" must be epoch seconds'],
      [6, 'timestamp out of range:'],
      [7, '"value" must be a string (or a number)'],
      [8, 'tag "a" must be a string'],
    ]);
  });

  it('reports every line when the route gives no host', () => {
    const r = parseRtmProbes(PROBES, '');
    expect(r.points).toEqual([]);
    expect(r.errors).toHaveLength(6);
    expect(r.errors[0]?.reason).toBe('no host: the route must name the host these probes came from');
  });
});

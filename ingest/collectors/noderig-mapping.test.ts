import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../core/schema.ts';
import { mapNoderig, parseNoderig } from './noderig-mapping.ts';
import { parseSensision } from './sensision.ts';

const f = (value: number) => ({ type: 'float', value });
const T = 1484828198557102n;
const NS = T * 1000n;

function map(body: string, fallbackHost?: string): MetricPoint[] {
  const parsed = parseSensision(body, T);
  expect(parsed.errors).toEqual([]);
  return mapNoderig(parsed.samples, fallbackHost);
}

describe('mapNoderig', () => {
  it('maps the noderig Readme sample (formats.md §1a) with the host beamium adds', () => {
    const points = map(`1484828198557102// os.cpu{host=web1} 2.5202020226869237
1484828198560976// os.mem{host=web1} 24.328345730457112
1484828198557435// os.load1{host=web1} 0.63
1484828198561366// os.net.bytes{direction=in,host=web1} 858
1484828197570759// os.disk.fs{disk=/dev/sda1,host=web1}{mount=/} 4.967614357908193
`);
    expect(points).toEqual([
      { measurement: 'cpu', tags: { host: 'web1' }, fields: { usage_percent: f(2.5202020226869237) }, timeNs: 1484828198557102000n },
      { measurement: 'mem', tags: { host: 'web1' }, fields: { used_percent: f(24.328345730457112) }, timeNs: 1484828198560976000n },
      { measurement: 'system', tags: { host: 'web1' }, fields: { load1: f(0.63) }, timeNs: 1484828198557435000n },
      { measurement: 'noderig', tags: { direction: 'in', host: 'web1' }, fields: { 'os.net.bytes': f(858) }, timeNs: 1484828198561366000n },
      {
        measurement: 'disk', tags: { host: 'web1', mount: '/', device: 'sda1' },
        fields: { used_percent: f(4.967614357908193) }, timeNs: 1484828197570759000n,
      },
    ]);
  });

  it('maps load 2, mem 2 and disk 2 levels, deriving used_percent only when noderig sent none', () => {
    const points = map(`// os.load1{} 0.5
// os.load5{} 0.4
// os.load15{} 0.3
// os.mem.used{} 1000
// os.mem.total{} 4000
// os.disk.fs.used{disk=/dev/sdb1}{mount=/var} 250
// os.disk.fs.total{disk=/dev/sdb1}{mount=/var} 1000
// os.disk.fs.inodes.used{disk=/dev/sdb1}{mount=/var} 12
// os.disk.fs.inodes.total{disk=/dev/sdb1}{mount=/var} 64
// os.disk.fs{disk=/dev/sdb1}{mount=/var} 26.5
`, 'web2');
    expect(points).toEqual([
      { measurement: 'system', tags: { host: 'web2' }, fields: { load1: f(0.5), load5: f(0.4), load15: f(0.3) }, timeNs: NS },
      { measurement: 'mem', tags: { host: 'web2' }, fields: { used_bytes: f(1000), total_bytes: f(4000), used_percent: f(25) }, timeNs: NS },
      {
        measurement: 'disk', tags: { host: 'web2', mount: '/var', device: 'sdb1' },
        fields: { used_bytes: f(250), total_bytes: f(1000), inodes_used: f(12), inodes_total: f(64), used_percent: f(26.5) },
        timeNs: NS,
      },
    ]);
  });

  it('keeps per-core cpu, other os.* series and non-numeric values under noderig, labels as tags', () => {
    const points = map(`// os.cpu{chore=0} 12
// os.cpu.iowait{} 1.5
// os.disk.fs.bytes.read{name=sda1} 1024
// os.cpu{} 'broken'
// os.swap{} 3
`, 'h');
    expect(points).toEqual([
      { measurement: 'noderig', tags: { chore: '0', host: 'h' }, fields: { 'os.cpu': f(12) }, timeNs: NS },
      { measurement: 'noderig', tags: { host: 'h' }, fields: { 'os.cpu.iowait': f(1.5), 'os.cpu': { type: 'string', value: 'broken' }, 'os.swap': f(3) }, timeNs: NS },
      { measurement: 'noderig', tags: { name: 'sda1', host: 'h' }, fields: { 'os.disk.fs.bytes.read': f(1024) }, timeNs: NS },
    ]);
  });

  it('maps RTM probe series that come through noderig like parseRtmProbes does', () => {
    const points = map(`1582208062000000// rtm.hw.cpu.number{host=h} 12
1582208062000000// os.load.processesup{host=h} 650
1582208062000000// rtm.info.mem.top_mem_1_name{host=h} '%2Fusr%2Fbin%2Fsyncthing'
`);
    expect(points).toEqual([
      { measurement: 'system', tags: { host: 'h' }, fields: { n_cpus: f(12), processes_up: f(650) }, timeNs: 1582208062000000000n },
      { measurement: 'rtm', tags: { host: 'h' }, fields: { 'rtm.info.mem.top_mem_1_name': { type: 'string', value: '/usr/bin/syncthing' } }, timeNs: 1582208062000000000n },
    ]);
  });

  it('takes the host label over the fallback, skips samples with neither, NaN values and a customer label', () => {
    const points = map('// os.load1{host=a,customer=evil} 1\n// os.load1{} 2\n// os.load5{host=a} NaN', undefined);
    expect(points).toEqual([{ measurement: 'system', tags: { host: 'a' }, fields: { load1: f(1) }, timeNs: NS }]);
  });

  it('puts a disk without a mount under its device only', () => {
    expect(map('// os.disk.fs{disk=/dev/sdc1} 5', 'h')).toEqual([
      { measurement: 'disk', tags: { host: 'h', device: 'sdc1' }, fields: { used_percent: f(5) }, timeNs: NS },
    ]);
  });
});

describe('parseNoderig', () => {
  it('parses and maps in one step, reporting parse errors and samples without a host by line', () => {
    const r = parseNoderig('// os.load1{host=a} 1\nbroken\n// os.load1{} 2\n', { defaultTimeUs: T });
    expect(r.points).toEqual([{ measurement: 'system', tags: { host: 'a' }, fields: { load1: f(1) }, timeNs: NS }]);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'missing "TS/LAT:LON/ELEV" prefix (write "//" when there is neither time nor position)'],
      [3, 'no "host" label and no fallback host'],
    ]);
    expect(r.lines).toBe(3);
  });
});

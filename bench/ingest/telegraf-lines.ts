import { mulberry32 } from '../../scripts/demo-fleet/prng.ts';

/**
 * One million (or any number of) points shaped like Telegraf's inputs.cpu (total and per core),
 * inputs.mem, inputs.disk and inputs.system in their default configuration, with a `customer`
 * global tag: the field sets, types and tag sets their READMEs show, with plausible values.
 */
export interface TelegrafLoad {
  /** Line-protocol bodies, `batchPoints` lines each (the last may be shorter). */
  bodies: string[];
  points: number;
}

const CUSTOMERS = ['acme', 'bakery', 'florist', 'garage', 'hotel', 'lawyers', 'shop', 'studio'];
const INTERVAL_NS = 10_000_000_000n;

export function telegrafLoad(totalPoints: number, batchPoints: number, hosts = 1000, seed = 42): TelegrafLoad {
  const random = mulberry32(seed);
  const r = (lo: number, hi: number, digits = 2): string => (lo + random() * (hi - lo)).toFixed(digits);
  const ri = (lo: number, hi: number): string => `${Math.floor(lo + random() * (hi - lo))}i`;
  const bodies: string[] = [];
  let lines: string[] = [];
  let points = 0;
  const emit = (line: string): void => {
    if (points >= totalPoints) return;
    lines.push(line);
    points++;
    if (lines.length === batchPoints) {
      bodies.push(lines.join('\n'));
      lines = [];
    }
  };
  for (let t = 1_700_000_000_000_000_000n; points < totalPoints; t += INTERVAL_NS) {
    for (let h = 0; h < hosts && points < totalPoints; h++) {
      const tags = `customer=${CUSTOMERS[h % CUSTOMERS.length]},host=web-${h}`;
      for (const cpu of ['cpu-total', 'cpu0', 'cpu1']) {
        emit(`cpu,cpu=${cpu},${tags} usage_guest=0,usage_guest_nice=0,usage_idle=${r(40, 99)},usage_iowait=${r(0, 5)},usage_irq=0,usage_nice=0,usage_softirq=${r(0, 2)},usage_steal=0,usage_system=${r(1, 10)},usage_user=${r(1, 40)} ${t}`);
      }
      emit(`mem,${tags} active=${ri(1e9, 8e9)},available=${ri(1e9, 8e9)},available_percent=${r(10, 90)},buffered=${ri(1e8, 1e9)},cached=${ri(1e9, 6e9)},free=${ri(1e8, 2e9)},inactive=${ri(1e8, 2e9)},total=16679206912i,used=${ri(1e9, 8e9)},used_percent=${r(10, 90)} ${t}`);
      for (const [device, path] of [['sda1', '/'], ['sdb1', '/var']]) {
        emit(`disk,${tags},device=${device},fstype=ext4,mode=rw,path=${path} free=${ri(1e10, 9e10)},inodes_free=${ri(1e6, 6e6)},inodes_total=6553600i,inodes_used=${ri(1e5, 5e5)},total=105089261568i,used=${ri(1e10, 9e10)},used_percent=${r(10, 95, 3)} ${t}`);
      }
      emit(`system,${tags} load1=${r(0, 4)},load15=${r(0, 4)},load5=${r(0, 4)},n_cpus=2i,n_users=${ri(0, 3)} ${t}`);
      emit(`system,${tags} uptime=${ri(1e5, 1e7)} ${t}`);
    }
  }
  if (lines.length) bodies.push(lines.join('\n'));
  return { bodies, points };
}

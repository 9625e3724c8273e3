/**
 * Start-up time of the runway command beside `node -e 0` on the same runtime: the anchor is what any Node
 * program pays before its first line, so the ratio is what Runway adds.
 *   node bench/startup/run.ts [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } } });
const runs = Number(values.runs);
const bin = fileURLToPath(new URL('../../bin/runway.js', import.meta.url));

function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const anchor = medianMs(['-e', '0']);
console.log(`Node ${process.version}, median of ${runs} runs each`);
console.log('command                 median ms   ratio to node -e 0');
console.log(`node -e 0               ${anchor.toFixed(0).padStart(9)}   1.0`);
for (const args of [['help'], ['forecast', '--help']]) {
  const ms = medianMs([bin, ...args]);
  console.log(`runway ${args.join(' ').padEnd(16)} ${ms.toFixed(0).padStart(9)}   ${(ms / anchor).toFixed(1)}`);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where private InfluxDBs keep their files: var/ is git-ignored, like scripts/test's own InfluxDB. */
const VAR_DIR = fileURLToPath(new URL('../../var/', import.meta.url));
const START_DEADLINE_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** A free loopback port, as scripts/lib/common.sh free_port finds one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Should the test process end without dispose() (a crash, a timeout), no influxd is left behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A private influxd, configured like scripts/lib/common.sh start_influxd does (loopback only,
 * data in a temporary directory under var/), that a test can pause, kill and start again on the
 * same port and data, to play an InfluxDB outage for real.
 */
export class InfluxdProcess {
  readonly url: string;
  readonly dir: string;
  #child: ChildProcess | null = null;
  #exited: Promise<void> = Promise.resolve();
  readonly #configPath: string;
  readonly #logPath: string;

  private constructor(dir: string, port: number, rpcPort: number) {
    this.dir = dir;
    this.url = `http://127.0.0.1:${port}`;
    this.#configPath = join(dir, 'influxdb.conf');
    this.#logPath = join(dir, 'influxd.log');
    writeFileSync(this.#configPath, influxdConfig(dir, port, rpcPort));
  }

  /** Starts a fresh influxd under var/<name>-<random>/ and waits until it answers /ping. */
  static async start(name = 'influxd'): Promise<InfluxdProcess> {
    const dir = join(VAR_DIR, `${name}-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    const influxd = new InfluxdProcess(dir, await freePort(), await freePort());
    await influxd.restart();
    return influxd;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** (Re)starts influxd on the same port and data directory; waits until it answers /ping. */
  async restart(): Promise<void> {
    if (this.#child) throw new Error('influxd is already running');
    const log = openSync(this.#logPath, 'a');
    const child = spawn('influxd', ['run', '-config', this.#configPath], { stdio: ['ignore', log, log] });
    closeSync(log);
    this.#child = child;
    running.add(child);
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => {
      running.delete(child);
      if (this.#child === child) this.#child = null;
    });
    const deadline = Date.now() + START_DEADLINE_MS;
    while (Date.now() < deadline) {
      if (!this.#child) throw new Error(`influxd exited at start-up; its log:\n${this.#logTail()}`);
      if (await this.#answers()) return;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`influxd did not answer on ${this.url} within ${START_DEADLINE_MS} ms; its log:\n${this.#logTail()}`);
  }

  /** Freezes the process (SIGSTOP): connections are accepted by the kernel but never answered. */
  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  /** Stops influxd (SIGTERM, then SIGKILL after a grace period); data and port stay for restart(). */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    child.kill('SIGCONT'); // a paused process cannot act on SIGTERM
    child.kill('SIGTERM');
    const killed = await Promise.race([this.#exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
    if (!killed) {
      child.kill('SIGKILL');
      await this.#exited;
    }
    this.#child = null;
  }

  /** Stops influxd and removes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #answers(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(1000) });
      return res.status === 204;
    } catch {
      return false;
    }
  }

  #logTail(): string {
    try {
      return readFileSync(this.#logPath, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

/** The same configuration scripts/start and scripts/test use, from one template. */
function influxdConfig(dir: string, port: number, rpcPort: number): string {
  const template = readFileSync(new URL('../lib/influxdb.conf.template', import.meta.url), 'utf8');
  // RPC_PORT first: HTTP_PORT and RPC_PORT do not overlap, but DIR could contain either.
  return template.replaceAll('RPC_PORT', String(rpcPort)).replaceAll('HTTP_PORT', String(port)).replaceAll('DIR', dir);
}

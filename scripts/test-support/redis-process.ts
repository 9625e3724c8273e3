import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './influxd-process.ts';
import { tempDir } from './temp-dir.ts';

const START_DEADLINE_MS = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether something answers PING with PONG on the port (Redis's inline protocol). */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
    socket.once('data', (data) => (socket.end(), resolve(data.toString().startsWith('+PONG'))));
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

/**
 * A private redis-server (Debian's, installed by scripts/test) for the tests that need one: bound
 * to loopback on a free port, nothing persisted, its files under var/. Started by those tests only.
 */
export class RedisProcess {
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #dir: { path: string; remove: () => void };

  private constructor(port: number, child: ChildProcess, dir: { path: string; remove: () => void }) {
    this.url = `redis://127.0.0.1:${port}`;
    this.#child = child;
    this.#dir = dir;
  }

  static async start(): Promise<RedisProcess> {
    const port = await freePort();
    const dir = tempDir('redis');
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir.path, '--logfile', ''];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    process.once('exit', () => child.kill('SIGKILL'));
    const redis = new RedisProcess(port, child, dir);
    const deadline = Date.now() + START_DEADLINE_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited at start-up (code ${child.exitCode}); is Debian's redis-server installed?`);
      if (await pong(port)) return redis;
      await sleep(100);
    }
    await redis.stop();
    throw new Error(`redis-server did not answer on port ${port} within ${START_DEADLINE_MS} ms`);
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode === null) {
      const exited = new Promise((r) => this.#child.once('exit', r));
      this.#child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      this.#child.kill('SIGKILL');
    }
    this.#dir.remove();
  }
}

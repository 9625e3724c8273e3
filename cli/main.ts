import { readFileSync } from 'node:fs';
import { isRunwayError } from '../core/errors.ts';

const USAGE = `runway: capacity forecasting for managed hosting

Usage:
  runway serve [--demo]     run the ingest service, the scheduled forecast job and early warnings
                            (--demo first loads the demo fleet through the ingest API and prints the runway table)
  runway worker             take forecast jobs from the queue on REDIS_URL (runway serve queues them there)
  runway forecast --help    forecast one CSV series (see its own help)
  runway backfill --help    load history from CSV or Cacti's rrdtool xport through the API
  runway job <alert-id>     write a remote service job (README, AutoAction, FailureRevert) for an alert
  runway notices --help     write (and e-mail) per-customer shortage notices in each customer's language
  runway help               this text

Settings come from environment variables or a config file (RUNWAY_CONFIG); see the README.`;

/** Returns the exit code, or undefined for commands that keep running (serve). */
export async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s), readFile: (p: string) => readFileSync(p, 'utf8') };
  try {
    switch (command) {
      // Each command loads its own modules, so `runway help` does not pay for fastify, WASM models and the rest.
      case 'serve':
        (await import('./server-heap.ts')).restartWithServerFlags();
        await (await import('./serve-command.ts')).serveCommand(rest);
        return undefined;
      case 'worker':
        await (await import('./worker-command.ts')).workerCommand();
        return undefined;
      case 'forecast':
        return await (await import('../forecast/forecast-command.ts')).runForecastCommand(rest, io);
      case 'backfill':
        return await (await import('./backfill-command.ts')).runBackfillCommand(rest, io);
      case 'job':
        return await (await import('./job-command.ts')).runJobCommand(rest, io);
      case 'notices':
        return await (await import('./notices-command.ts')).runNoticesCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE + '\n');
        return 0;
      default:
        io.stderr(`runway: unknown command "${command}"\n\n${USAGE}\n`);
        return 2;
    }
  } catch (e) {
    io.stderr(`runway: ${isRunwayError(e) ? `${e.message} [${e.code}]` : (e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

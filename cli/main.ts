import { readFileSync } from 'node:fs';
import { isRunwayError } from '../core/errors.ts';
import { runForecastCommand } from '../forecast/forecast-command.ts';
import { serveCommand } from './serve-command.ts';

const USAGE = `runway: capacity forecasting for managed hosting

Usage:
  runway serve [--demo]     run the ingest service, the scheduled forecast job and early warnings
                            (--demo first loads the demo fleet through the ingest API and prints the runway table)
  runway forecast --help    forecast one CSV series (see its own help)
  runway help               this text

Settings come from environment variables or a config file (RUNWAY_CONFIG); see the README.`;

/** Returns the exit code, or undefined for commands that keep running (serve). */
export async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s), readFile: (p: string) => readFileSync(p, 'utf8') };
  try {
    switch (command) {
      case 'serve':
        await serveCommand(rest);
        return undefined;
      case 'forecast':
        return await runForecastCommand(rest, io);
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

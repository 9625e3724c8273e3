import { readCommandLine } from '../core/command-line.ts';
import { RunwayError } from '../core/errors.ts';

const usage = (reason: string): RunwayError => new RunwayError('RUNWAY_ERR_CLI_USAGE', { reason });

export interface BackfillArgs {
  file: string;
  url: string;
  token?: string;
  host?: string;
  mount?: string;
  format: 'csv' | 'rrd';
  checkpoint?: string;
  chunkPoints: number;
  /** Bytes per unit of an rrdtool export's byte-valued data sources (hdd_*, mem_*). */
  unitBytes: number;
  help: boolean;
}

/** Units --unit takes, in bytes. Cacti's "kilobytes" are of 1024 bytes, hence kB = 1024. */
export const BACKFILL_UNITS: Readonly<Record<string, number>> = {
  bytes: 1, B: 1, kB: 1024, KiB: 1024, MB: 1024 ** 2, MiB: 1024 ** 2, GB: 1024 ** 3, GiB: 1024 ** 3,
};
export const DEFAULT_BACKFILL_UNIT = 'kB';

export const BACKFILL_USAGE = `runway backfill --file FILE [--format csv|rrd] [--host HOST] [--mount /var] [--unit kB] [--url URL] [--token TOKEN] [--checkpoint FILE] [--chunk N]

Loads history into Runway through its API, with the customer's write token like any collector.

  --file FILE        CSV (header: time,host?,system.load1,disk:/var.used_percent,…) or the output of
                     rrdtool xport (XML or --json) from Cacti
  --format           csv or rrd; guessed from the file name (.csv → csv, otherwise rrd)
  --host HOST        the host the data belongs to (required for rrd; default for CSV rows without one)
  --mount PATH       the mount Cacti's hdd_* data sources describe
  --unit UNIT        the unit of an rrd export's byte-valued data sources (hdd_*, mem_*): bytes, kB,
                     MB or GB (each 1024 of the one before; KiB, MiB, GiB alike). Default kB, what
                     Cacti's Unix disk and memory templates store; give bytes for a data source in
                     bytes (e.g. the Host MIB disk template), or the values come out 1024 times too big
  --url URL          Runway's address (default $RUNWAY_URL or http://127.0.0.1:9086)
  --token TOKEN      a write token of the host's customer (default $RUNWAY_TOKEN)
  --checkpoint FILE  where progress is kept (default FILE.runway-backfill.json); a second run resumes
                     after the last chunk Runway acknowledged, and a finished one sends nothing new
  --chunk N          points per request (default 5000)`;

const OPTIONS = ['file', 'format', 'host', 'mount', 'unit', 'url', 'token', 'checkpoint', 'chunk'] as const;

/** Throws RUNWAY_ERR_CLI_USAGE saying what is wrong with the arguments. */
export function parseBackfillArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): BackfillArgs {
  const help = argv.includes('--help') || argv.includes('-h');
  const given = readCommandLine(argv.filter((a) => a !== '--help' && a !== '-h'), { values: OPTIONS }).values;
  const file = given.file;
  if (!file && !help) throw usage('--file is required');
  const format = given.format ?? (file?.toLowerCase().endsWith('.csv') ? 'csv' : 'rrd');
  if (format !== 'csv' && format !== 'rrd') throw usage('--format must be csv or rrd');
  const chunkPoints = Number(given.chunk ?? 5000);
  if (!Number.isInteger(chunkPoints) || chunkPoints < 1) throw usage('--chunk must be a positive whole number');
  const unit = given.unit ?? DEFAULT_BACKFILL_UNIT;
  const unitBytes = BACKFILL_UNITS[unit];
  if (unitBytes === undefined || !Object.hasOwn(BACKFILL_UNITS, unit)) throw usage(`--unit must be one of ${Object.keys(BACKFILL_UNITS).join(', ')}`);
  if (given.unit !== undefined && format !== 'rrd') throw usage('--unit applies to rrdtool exports (--format rrd) only');
  const optional = { token: given.token ?? env.RUNWAY_TOKEN, host: given.host, mount: given.mount, checkpoint: given.checkpoint };
  const args: BackfillArgs = { file: file ?? '', url: given.url ?? env.RUNWAY_URL ?? 'http://127.0.0.1:9086', format, chunkPoints, unitBytes, help };
  for (const [k, v] of Object.entries(optional)) if (v) Object.assign(args, { [k]: v });
  return args;
}

/** Where the spool replays to: InfluxHttpStore.writeLines (line protocol as UTF-8, ns precision, one request). */
export interface LineSink {
  writeLines(body: Buffer): Promise<void>;
}

/** The pino-compatible logger the spool reports to. */
export interface SpoolLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SILENT_LOG: SpoolLog = { info() {}, warn() {}, error() {} };

/** What the spool tells its observer (the service's metrics) as it happens. Counts are points. */
export interface SpoolObserver {
  /** Points made durable by one group commit, and how long the write and fsync took. */
  spooled(points: number, seconds: number): void;
  /** A batch InfluxDB accepted, and how long its write took. */
  replayed(points: number, seconds: number): void;
  /** A replay attempt that failed and will be retried. */
  replayFailed(seconds: number): void;
  /** A batch InfluxDB refused for good, kept in the dead-letter file. */
  deadLettered(points: number): void;
  /** A batch InfluxDB refused for good that the full dead-letter file could not take. */
  dropped(points: number): void;
  /** A write refused because the spool is full. */
  refused(points: number): void;
  /** Acknowledged points of a damaged record that was skipped (its bytes are kept aside). */
  lost(points: number): void;
  /** The spool's size after a change: bytes on disk and records not yet in InfluxDB. */
  size(bytes: number, records: number): void;
}

export interface SpoolStats {
  /** Bytes of segment files on disk (what spoolMaxBytes limits). */
  bytes: number;
  /** Records (batches) and points durable in the spool but not yet in InfluxDB. */
  pendingRecords: number;
  pendingPoints: number;
  /** Since open: points made durable, sent to InfluxDB, dead-lettered, dropped. */
  spooledPoints: number;
  replayedRecords: number;
  replayedPoints: number;
  deadLetteredPoints: number;
  droppedPoints: number;
  /** Replay attempts that failed (InfluxDB unreachable or erroring), and how many in a row now. */
  failures: number;
  consecutiveFailures: number;
  lastError: string | null;
  /** Torn tail bytes cut from the newest segment on open (a write never acknowledged). */
  tornBytes: number;
  /** Damaged bytes found in segments (on open or during replay), kept in corrupt-*.bin files. */
  corruptBytes: number;
  /** Acknowledged points in those damaged records: lost (logged with each). */
  lostPoints: number;
  deadLetterBytes: number;
}

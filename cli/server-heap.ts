/**
 * V8 settings of a long-running `runway serve`. Its event loop acknowledges writes while worker
 * threads fit forecasts, so between requests it looks idle to V8, whose memory reducer then
 * shrinks the heap with full, non-incremental collections. At 10,000 hosts those were the main
 * thread's longest stalls during a capacity cycle (88 to 204 ms, and 360 ms in the cycle after;
 * `--trace-gc` in bench/fleet), while every other full collection of the same heap took 10 to 80 ms.
 * Without the reducer the heap is still collected as it grows; it is only not shrunk while idle,
 * so a quiet process keeps somewhat more memory between cycles.
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--no-memory-reducer'];

/**
 * Replaces this process (same pid, same script and arguments) with one started with
 * SERVER_V8_FLAGS, unless it already has them. V8 reads them at start only: set later
 * (v8.setFlagsFromString), the reducer went on collecting. Where process.execve is missing (before
 * Node 22.15, or Windows) the process goes on as it is.
 */
export function restartWithServerFlags(): void {
  const missing = SERVER_V8_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0 || typeof process.execve !== 'function' || !process.argv[1]) return;
  process.execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, process.argv[1], ...process.argv.slice(2)]);
}

/** Wall-clock and CPU time of one forecast; on a machine shared with other work the CPU time is the steadier. */
export interface Timing {
  ms: number;
  cpuMs: number;
}

/** Starts a timer; calling the result reads it. CPU time is the process's (user + system). */
export function startTimer(): () => Timing {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}

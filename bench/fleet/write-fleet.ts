/**
 * Writes one bench fleet (FleetSpec as JSON in argv[2]) in a process of its own, so that the heap
 * the writing leaves behind is not counted in the peak RSS of the cycle measured after it.
 */
import { writeFleet, type FleetSpec } from './fleet-data.ts';

await writeFleet(JSON.parse(process.argv[2]!) as FleetSpec, console.log);

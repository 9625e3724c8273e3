import type { MetricPoint } from '../core/schema.ts';
import type { MetricWriter } from '../core/store.ts';

/** A writer that takes one request's points in pieces and makes them durable together (the spool). */
export interface BatchWriter extends MetricWriter {
  /** `sizeHintBytes`: about how many bytes the points will take as line protocol. */
  startBatch(sizeHintBytes: number): PointBatch;
}

export interface PointBatch {
  add(points: readonly MetricPoint[]): void;
  /** Resolves once every point added is durable, as MetricWriter.write would. */
  commit(): Promise<void>;
}

const isBatchWriter = (w: MetricWriter): w is BatchWriter => typeof (w as Partial<BatchWriter>).startBatch === 'function';

/** The writer's own batch when it has one (the spool encodes as points come); else the points are gathered and written at once. */
export function startBatch(writer: MetricWriter, sizeHintBytes: number): PointBatch {
  if (isBatchWriter(writer)) return writer.startBatch(sizeHintBytes);
  const all: MetricPoint[] = [];
  return {
    add: (points) => {
      for (const p of points) all.push(p);
    },
    commit: () => writer.write(all),
  };
}

/** MetricWriter.write for a BatchWriter: the points as one batch of their own. */
export async function writeAsBatch(writer: BatchWriter, points: readonly MetricPoint[]): Promise<void> {
  const batch = writer.startBatch(0);
  batch.add(points);
  await batch.commit();
}

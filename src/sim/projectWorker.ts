/** A worker thread of a projection: given the prepared policies, it runs every seeded run of the households it is sent. */
import { ProjectionRuns, type ProjectionSetup, type WireProjection } from './project.js';
import { serveBatches } from './pool.js';
import type { RawRecord } from './readers.js';

serveBatches<ProjectionSetup, WireProjection>((policies, setup) => {
  const runs = new ProjectionRuns(policies, setup);
  return { add: (rec) => runs.add(rec as RawRecord & { record: number }), result: () => runs.toWire() };
});

/** A worker thread of a simulation: given the prepared policies, it evaluates the batches it is sent. */
import type { Policy } from '../policy/index.js';
import { serveBatches } from './pool.js';
import type { RawRecord } from './readers.js';
import { Accumulator, type WireAccumulator, type WorkerSetup } from './simulate.js';

serveBatches<WorkerSetup, WireAccumulator>(([baseline, ...scenarios]: Policy[], setup) => {
  const acc = new Accumulator(baseline!, scenarios, setup.from, setup.to, setup.reprice);
  return { add: (rec) => acc.add(rec as RawRecord & { record: number }), result: () => acc.toWire() };
});

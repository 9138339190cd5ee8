/**
 * The heap each simulation worker thread may use, sized from what it provably holds, with a
 * wide margin: the prepared policies and engines (about 20 MB), the aggregates (by item, payer,
 * county, category and year: kilobytes), two slices or batches in hand (a few megabytes) and the
 * profiles for pricing, bounded at 20,000 groups a thread (measured at about 3.5 KB a group, so
 * some 70 MB). What is live thus stays under about 100 MB whatever the population; the rest of
 * a heap is garbage waiting for collection, which a bound makes V8 collect sooner instead of
 * growing each thread's heap with the population. A worker that still goes beyond it stops the
 * run (E-SIM-WORKER-MEMORY), never silently.
 */
import type { HeapBound } from './pool.js';

export const SIMULATION_HEAP: HeapBound = { oldMb: 256, youngMb: 16 };

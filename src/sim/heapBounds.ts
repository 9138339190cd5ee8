/**
 * The heap each simulation worker thread may use, sized from what it provably holds, with a
 * wide margin: the prepared policies and engines (about 20 MB), the aggregates (by item, payer,
 * county, category and year: kilobytes), two slices or batches in hand (a few megabytes) and the
 * profiles for pricing, bounded at 20,000 groups a thread (measured at about 3.5 KB a group, so
 * some 70 MB; priced and dropped each time they reach it). What is live thus stays under about
 * 100 MB whatever the population; the rest of a heap is garbage waiting for collection, which a
 * bound makes V8 collect sooner instead of growing each thread's heap with the population. A
 * worker that still goes beyond it stops the run (E-SIM-WORKER-MEMORY), never silently.
 */
import type { HeapBound } from './pool.js';

/**
 * The young generation is the main thread's default size (48 MB): a smaller one (16 MB) collects
 * three times as often and carries a slice's records into the old generation before they are
 * done with, which cost 5-25% more CPU at 1,000,000 households (bench/RESULTS.md, 2026-12-02).
 */
export const SIMULATION_HEAP: HeapBound = { oldMb: 256, youngMb: 48 };

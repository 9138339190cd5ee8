/**
 * The heap each simulation worker thread may use, sized from what it provably holds, with a
 * wide margin: the prepared policies and engines (about 20 MB), the aggregates (by item, payer,
 * county, category and year: kilobytes), two slices or batches in hand (a few megabytes) and the
 * profiles for pricing, bounded at 20,000 groups a thread (measured at about 3.5 KB a group, so
 * some 70 MB). What is live thus stays under about 100 MB whatever the population; the rest of
 * a heap is garbage waiting for collection, which a bound makes V8 collect sooner instead of
 * growing each thread's heap with the population. A worker that still goes beyond it stops the
 * run (E-SIM-WORKER-MEMORY), never silently.
 * The young generation is not made small, since every household makes short-lived objects: at
 * 16 MB (semi-spaces of about 5 MB, a third of V8's own) it was collected about twice as often
 * (539 scavenges against 291 at 32 MB for 100,000 households, 3.2 s of pauses against 2.1 s),
 * and 1,000,000 households took 149-188 s of CPU on two threads against 118-123 s at 32 MB,
 * the peak memory within 11 MB (bench/RESULTS.md, 2026-12-01 23:14).
 */
import type { HeapBound } from './pool.js';

export const SIMULATION_HEAP: HeapBound = { oldMb: 256, youngMb: 32 };

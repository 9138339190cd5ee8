/** Engines: one interface, the reference interpreter and the fast engine, and the walk in stretches they share. */
export type { Engine, EngineId, HouseholdOutcome, PrepareOptions, PreparedEngine, Stretch } from './engine.js';
export { referenceEngine } from './reference.js';
export { fastEngine } from './fast.js';
export { monthByMonth, walkRange } from './range.js';
import type { Engine, EngineId } from './engine.js';
import { fastEngine } from './fast.js';
import { referenceEngine } from './reference.js';

/** Every engine, the reference first: the conformance suite runs each corpus through each. */
export const ENGINES: readonly Engine[] = [referenceEngine, fastEngine];

export function engineById(id: EngineId): Engine {
  return ENGINES.find((e) => e.id === id)!;
}

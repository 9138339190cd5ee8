/**
 * The hand-written benchmark program: the same whole job as `fuzhu simulate --population P
 * --from F --to T --scenario policy/scenarios/reform-2019.yaml --json`, for the Liuzhou 2018
 * scheme and its reform, in one pass over a JSONL population, printing the same JSON figures.
 * Usage: node dist/bench/handwritten/main.js POPULATION.jsonl [FROM TO]   (months as 2019-01)
 */
import { runProgram } from './population.js';
import { simulateHandwritten } from './simulate.js';

await runProgram('handwritten', simulateHandwritten);

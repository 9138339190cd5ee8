/**
 * Vitest: most test files run in parallel; the worker-thread tests, which use every core
 * themselves, run alone afterwards so that two cores are never shared by more than they hold.
 * The global setup builds dist/ (which the worker threads run) when it is missing or stale.
 */
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/setup/longestFirst.js';

/** Files whose tests start worker threads. */
const THREADED = ['test/sim-workers.test.ts', 'test/household-rows.test.ts', 'test/sim-abort.test.ts', 'test/whatif-threads.test.ts'];

export default defineConfig({
  test: {
    pool: 'threads',
    // One test file per core (vitest's default leaves one core free, which on two cores runs the
    // files one by one): many tests spend their time waiting on a child process of the built
    // program, so a file per core keeps the cores busy without crowding them.
    maxWorkers: availableParallelism(),
    // Tests read English unless they ask for Chinese (--lang zh, or a locale of their own): the
    // language otherwise follows the locale, then the policy's declared language (zh).
    env: { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    globalSetup: ['test/setup/build.ts'],
    // The longest files first (see the sequencer): a fresh clone has no durations of an earlier run.
    sequence: { sequencer: LongestFirst },
    // A budget for every test on a busy machine; the slow ones state their own.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: THREADED, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'threads', include: THREADED, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

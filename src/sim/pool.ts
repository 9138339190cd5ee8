/**
 * Worker threads sharing the work of a run. Each worker starts with the prepared policies
 * (checked, scenarios applied, turned into bytes by the cache's codec), so that no worker loads
 * or checks anything; it takes tasks (batches of records, or what it reads itself, such as a
 * slice of the population file), reports records done as it goes, and sends back its share as
 * plain data when asked. Each worker has at most two tasks in hand, so that memory holds a few
 * batches, not the file; a worker that fails stops the whole run with the reason. A job may
 * bound each worker's heap: a worker that goes beyond it stops the run with E-SIM-WORKER-MEMORY,
 * naming the task it had in hand, and nothing of the run is reported.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { decode, encode } from '../cache/codec.js';
import { EvalError } from '../eval/errors.js';
import type { Policy } from '../policy/index.js';
import { packageRoot } from '../policy/root.js';

/** A worker thread could not do its share (its policies would not restore, or it crashed). */
export class WorkerFailure extends Error {
  constructor(message: string) {
    super(`a worker thread failed: ${message}`);
    this.name = 'WorkerFailure';
  }
}

/** Bounds on each worker's heap, in megabytes (V8's old and young generations). */
export interface HeapBound {
  readonly oldMb: number;
  readonly youngMb: number;
}

/** A worker went beyond its heap bound: the run stops where it had got to, and says so. */
export class WorkerOutOfMemory extends WorkerFailure {
  readonly code = 'E-SIM-WORKER-MEMORY';
  constructor(bound: HeapBound, task: string | undefined) {
    super(
      `E-SIM-WORKER-MEMORY it went beyond the memory a worker is allowed (a heap of ${bound.oldMb + bound.youngMb} MB) ${task ? `while doing ${task}` : 'while starting'}; the run stops and reports nothing. A worker holds a bounded share whatever the population, so this is a fault of Fuzhu or an extreme policy: please report it; --jobs 1 does the work on the main thread, which has no such bound`,
    );
  }
}

/** An evaluation error as a worker sends it: its span by file path and offsets. */
export interface WireEvalError {
  readonly code: string;
  readonly message: string;
  readonly help?: string;
  readonly span?: { readonly path: string; readonly start: number; readonly end: number };
}

function evalErrorToWire(e: EvalError): WireEvalError {
  return { code: e.code, message: e.message, ...(e.help ? { help: e.help } : {}), ...(e.span ? { span: { path: e.span.source.path, start: e.span.start, end: e.span.end } } : {}) };
}

/** The same error on the main thread, its span in the main thread's copy of the file. */
function evalErrorFromWire(w: WireEvalError, policies: readonly Policy[]): EvalError {
  const source = w.span && policies.flatMap((p) => p.sources).find((s) => s.path === w.span!.path);
  return new EvalError(w.code, w.message, source && w.span ? { source, start: w.span.start, end: w.span.end } : undefined, w.help);
}

/** What a worker sends back: records done, a task done (with what it reports of it), its share, why it failed, or the evaluation error that stops the run. */
type FromWorker<R> = { progress: number } | { done: unknown } | { result: R } | { failed: string } | { evalError: WireEvalError };

/** What a worker starts with: the policies as bytes (the baseline first), and the job's own settings. */
interface WorkerStart<S> {
  readonly policies: Uint8Array;
  readonly setup: S;
}

/** The compiled worker script of that name, where there is one (not when running from TypeScript sources). */
export function workerScript(name: string): string | undefined {
  const path = join(packageRoot(), 'dist', 'src', 'sim', `${name}.js`);
  return existsSync(path) ? path : undefined;
}

export class WorkerPool<R> {
  private readonly inFlight: number[];
  /** Per worker, what each task in hand is (for an error that says where the run stopped), in the order given. */
  private readonly inHand: (string | undefined)[][];
  /** Per worker, the call waiting for its share. */
  private readonly asked: (((share: R | undefined) => void) | undefined)[];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  private constructor(
    private readonly workers: Worker[],
    policies: readonly Policy[],
    onProgress: ((records: number) => void) | undefined,
    onDone: ((worker: number, report: unknown) => void) | undefined,
    bound: HeapBound | undefined,
  ) {
    this.inFlight = workers.map(() => 0);
    this.inHand = workers.map(() => []);
    this.asked = workers.map(() => undefined);
    const fail = (e: Error) => {
      this.failure ??= e;
      this.wake?.();
      this.asked.forEach((resolve) => resolve?.(undefined));
    };
    workers.forEach((w, i) => {
      w.on('message', (m: FromWorker<R>) => {
        if ('progress' in m) onProgress?.(m.progress);
        else if ('done' in m) {
          this.inFlight[i]!--;
          this.inHand[i]!.shift();
          onDone?.(i, m.done);
          this.wake?.();
        } else if ('failed' in m) fail(new WorkerFailure(m.failed));
        else if ('evalError' in m) fail(evalErrorFromWire(m.evalError, policies));
        else {
          this.inHand[i]!.shift();
          this.asked[i]?.(m.result);
          this.asked[i] = undefined;
        }
      });
      w.on('error', (e) => fail(bound && (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerOutOfMemory(bound, this.inHand[i]![0]) : new WorkerFailure(e.message)));
      w.on('exit', () => fail(new WorkerFailure('it stopped before sending its share')));
    });
  }

  /**
   * `jobs` workers running `script`, each given the policies and `setup`; undefined when there
   * is no script or the policies hold something that would not come back the same in a worker
   * (the caller then does the work itself, with the same result). `onProgress` hears of records
   * done as workers report them, `onDone` of each task done, by worker, with what it reported;
   * `bound` bounds each worker's heap.
   */
  static start<R>(
    script: string | undefined,
    jobs: number,
    policies: readonly Policy[],
    setup: unknown,
    hooks: { onProgress?: (records: number) => void; onDone?: (worker: number, report: unknown) => void; bound?: HeapBound } = {},
  ): WorkerPool<R> | undefined {
    const bytes = script && encode(policies);
    if (!bytes) return undefined;
    const start: WorkerStart<unknown> = { policies: bytes, setup };
    const resourceLimits = hooks.bound && { maxOldGenerationSizeMb: hooks.bound.oldMb, maxYoungGenerationSizeMb: hooks.bound.youngMb };
    return new WorkerPool<R>(
      Array.from({ length: jobs }, () => new Worker(script!, { workerData: start, ...(resourceLimits ? { resourceLimits } : {}) })),
      policies,
      hooks.onProgress,
      hooks.onDone,
      hooks.bound,
    );
  }

  /**
   * Gives a task (a batch of records, or what the job reads itself) to the least busy worker,
   * once one has fewer than two in hand, and says which worker it was; throws why the run stopped.
   * `what` says what the task is, for an error that stops the run while a worker has it.
   */
  async send(task: readonly unknown[] | object, what?: string): Promise<number> {
    while (!this.failure && Math.min(...this.inFlight) >= 2) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
    const i = this.inFlight.indexOf(Math.min(...this.inFlight));
    this.inFlight[i]!++;
    this.inHand[i]!.push(what);
    this.workers[i]!.postMessage(task);
    return i;
  }

  /**
   * Every worker's share, in the order the workers were started, once all tasks are done; each
   * worker then starts a new share, for tasks sent after.
   */
  async results(): Promise<R[]> {
    if (this.failure) throw this.failure;
    const shares = await Promise.all(
      this.workers.map(
        (w, i) =>
          new Promise<R | undefined>((resolve) => {
            this.asked[i] = resolve;
            this.inHand[i]!.push('the sums of its share');
            w.postMessage(null);
          }),
      ),
    );
    if (this.failure) throw this.failure;
    return shares as R[];
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A batch of records as an error names it: its lines. */
export function batchText(batch: readonly { readonly line: number }[]): string {
  return `the records of lines ${batch[0]!.line}–${batch[batch.length - 1]!.line}`;
}

/** A worker's side of one job: what it does with each record of a batch, or with a task it reads itself, and its share. */
export interface WorkerJob<R> {
  add(record: unknown): void;
  /** What is reported with a batch done, once its records are added (nothing when absent). */
  batchDone?(): unknown;
  /** Does a task that is not a batch, telling records done as it goes; what it returns is reported with the task done. */
  read?(task: unknown, progress: (records: number) => void): Promise<unknown>;
  /** The share of the tasks done since the last time it was asked. */
  result(): R;
}

/**
 * Runs in a worker thread: restores the policies it was started with, makes its job of them and
 * does its tasks one after another, sending back the evaluation error that stops the run if any.
 */
export function serveBatches<S, R>(makeJob: (policies: Policy[], setup: S) => WorkerJob<R>): void {
  const start = workerData as WorkerStart<S>;
  const send = (m: FromWorker<R>) => parentPort!.postMessage(m);
  let job: WorkerJob<R>;
  try {
    job = makeJob(decode(Buffer.from(start.policies.buffer, start.policies.byteOffset, start.policies.byteLength)) as Policy[], start.setup);
  } catch (e) {
    send({ failed: `the prepared policies could not be restored (${(e as Error).message})` });
    return;
  }
  const serve = async (task: unknown[] | object | null): Promise<void> => {
    if (task === null) return send({ result: job.result() });
    try {
      if (Array.isArray(task)) {
        for (const rec of task) job.add(rec);
        send({ progress: task.length });
        send({ done: job.batchDone?.() });
      } else send({ done: await job.read!(task, (records) => send({ progress: records })) });
    } catch (e) {
      if (e instanceof EvalError) send({ evalError: evalErrorToWire(e) });
      else send({ failed: (e as Error).message });
    }
  };
  // A task read from the file takes turns: the next waits for it to end.
  let queue = Promise.resolve();
  parentPort!.on('message', (task: unknown[] | object | null) => {
    queue = queue.then(() => serve(task));
  });
}

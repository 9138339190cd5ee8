/** A worker thread of a simulation: makes the same policies, evaluates the batches it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { Source } from '../diag/index.js';
import { applyScenario, loadPolicy, parseYaml, type Policy } from '../policy/index.js';
import type { RawRecord } from './readers.js';
import { EvalError } from '../eval/index.js';
import { Accumulator, evalErrorToWire, type FromWorker, type WorkerSetup } from './simulate.js';

const setup = workerData as WorkerSetup;
const send = (m: FromWorker) => parentPort!.postMessage(m);

function policies(): { baseline: Policy; scenarios: Policy[] } | string {
  const loaded = loadPolicy(setup.policyDir);
  if (!loaded.ok) return `${setup.policyDir} does not load (${loaded.diagnostics[0]?.code ?? 'no diagnostic'})`;
  const scenarios: Policy[] = [];
  for (const s of setup.scenarios) {
    const read = parseYaml(new Source(s.path, s.text));
    const applied = read.ok ? applyScenario(loaded.policy, read.file) : undefined;
    if (!applied?.ok) return `the scenario ${s.path} does not apply`;
    scenarios.push(applied.policy);
  }
  return { baseline: loaded.policy, scenarios };
}

const made = policies();
if (typeof made === 'string') send({ failed: made });
else {
  const acc = new Accumulator(made.baseline, made.scenarios, setup.from, setup.to);
  parentPort!.on('message', (batch: (RawRecord & { record: number })[] | null) => {
    if (batch === null) return send(acc.toWire());
    try {
      for (const rec of batch) acc.add(rec);
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      return send({ evalError: evalErrorToWire(e) });
    }
    send('done-batch');
  });
}

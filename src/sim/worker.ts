/** A worker thread of a simulation: loads the same policies, evaluates the batches it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { applyScenarioFile, loadPolicy, type Policy } from '../policy/index.js';
import type { RawRecord } from './readers.js';
import { Accumulator, type WorkerSetup } from './simulate.js';

const setup = workerData as WorkerSetup;
const loaded = loadPolicy(setup.policyDir);
if (!loaded.ok) throw new Error(`the worker could not load ${setup.policyDir}`);
const scenarios: Policy[] = setup.scenarioPaths.map((path) => {
  const r = applyScenarioFile(loaded.policy, path);
  if (!r.ok) throw new Error(`the worker could not apply ${path}`);
  return r.policy;
});
const acc = new Accumulator(loaded.policy, scenarios, setup.from, setup.to);

parentPort!.on('message', (batch: RawRecord[] | null) => {
  if (batch === null) {
    parentPort!.postMessage(acc.toWire());
    return;
  }
  for (const rec of batch) acc.add(rec);
  parentPort!.postMessage('done-batch');
});

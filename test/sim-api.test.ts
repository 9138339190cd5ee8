/**
 * The library's simulate: over households given as objects (an array, an async generator) as
 * over a file, with months given as 'YYYY-MM'; a household that is not one is rejected at its
 * place among them; a month it cannot read is refused naming the argument.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DateInputError, simulate, simulationJson } from '../src/index.js';
import { shippedPolicy, tempFile } from './helpers.js';

const policy = shippedPolicy();
const lines = readFileSync('policy/populations/liuzhou-sample.jsonl', 'utf8').split('\n').filter((l) => l.trim()).slice(0, 300);
const file = tempFile('sim-api.jsonl', `${lines.join('\n')}\n`);
const objects = () => lines.map((l) => JSON.parse(l) as unknown);

describe('simulate from the library', () => {
  it('gives over an array of households, with months as strings, what it gives over the file', { timeout: 60_000 }, async () => {
    const fromFile = await simulate(policy, file, { from: 20190101, to: 20191201 });
    const fromArray = await simulate(policy, objects(), { from: '2019-01', to: '2019-12' });
    expect(JSON.stringify(simulationJson(fromArray, policy))).toBe(JSON.stringify(simulationJson(fromFile, policy)));
  });

  it('reads an async stream of households, and rejects one that is not a household at its place', { timeout: 60_000 }, async () => {
    async function* stream() {
      yield* objects().slice(0, 10);
      yield { id: 'BROKEN', children: 'none' };
    }
    const r = await simulate(policy, stream(), { from: '2019-03', to: '2019-03' });
    expect(r.records).toBe(11);
    expect(r.rejected).toBe(1);
    expect(r.rejections[0]).toMatchObject({ line: 11, id: 'BROKEN' });
  });

  it('refuses a month it cannot read, naming the argument', async () => {
    await expect(simulate(policy, objects(), { from: '2019-13', to: '2019-12' })).rejects.toThrow(DateInputError);
    await expect(simulate(policy, objects(), { from: '2019-01', to: 'December' })).rejects.toThrow(/to/);
    await expect(simulate(policy, objects(), { from: '2019-12', to: '2019-01' })).rejects.toThrow(/before/);
  });
});

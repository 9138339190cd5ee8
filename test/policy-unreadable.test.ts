/**
 * A policy folder that cannot be read (chmod 000) is reported once as "permission denied", not as
 * each of its files missing. Tests run as root here, whom a mode does not stop, so the refusal of
 * the file system is simulated: `accessSync` is made to answer EACCES for that folder.
 */
import { accessSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { loadPolicy } from '../src/index.js';
import { fuzhu } from './cliRun.js';

const LOCKED = 'policy/liuzhou-2018';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, accessSync: vi.fn(fs.accessSync) };
});

function lock(): void {
  vi.mocked(accessSync).mockImplementation((path) => {
    if (String(path) === LOCKED) throw Object.assign(new Error(`EACCES: permission denied, access '${String(path)}'`), { code: 'EACCES', path });
  });
}

describe('an unreadable policy folder', () => {
  it('is one E-POLICY-UNREADABLE saying permission denied', () => {
    lock();
    const r = loadPolicy(LOCKED);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['E-POLICY-UNREADABLE', `cannot read the policy package ${LOCKED}: permission denied`]]);
  });

  it('makes fuzhu check say so once, with exit 1', async () => {
    lock();
    const r = await fuzhu('check', LOCKED);
    expect(r.code).toBe(1);
    expect(r.err.match(/permission denied/g)).toHaveLength(1);
    expect(r.err).not.toContain('E-POLICY-FILE-MISSING');
  });
});

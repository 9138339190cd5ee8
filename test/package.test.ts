/**
 * What is shipped stands alone: the policy package copied without the rest of the project passes
 * its own tests, and the packed npm package installs in an empty folder and serves the library
 * (JavaScript and TypeScript) and the `fuzhu` command, without the project's tests.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzhuProcess, tempDir } from './cliRun.js';
import { POLICY_DIR } from './helpers.js';

describe('the policy package', () => {
  it('copied alone to another folder passes its own tests and check', () => {
    const dir = join(tempDir(), 'liuzhou-2018');
    cpSync(POLICY_DIR, dir, { recursive: true });
    const elsewhere = tempDir();
    const tested = fuzhuProcess(['test', dir], { cwd: elsewhere });
    expect(tested.stderr).toBe('');
    expect(tested.stdout).toMatch(/\b(\d+) passed, 0 failed\n?$/);
    expect(tested.status).toBe(0);
    const checked = fuzhuProcess(['check', dir], { cwd: elsewhere });
    expect(checked.status).toBe(0);
  });
});

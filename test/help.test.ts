/**
 * Help: every flag of every command has its entry in both languages (and no entry names a flag
 * the command lacks), the usage line names every flag with its value name, the Chinese help holds
 * no English word, and every example in the help runs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandHelp, commandList, usageFlags, usageLine } from '../cli/help.js';
import { optionsOf } from '../cli/main.js';
import { COMMAND_LINES, HELP, type CommandName, type FlagHelp } from '../src/messages/help.js';
import { LANGS } from '../src/messages/index.js';
import { fuzhu, fuzhuProcess, tempDir } from './cliRun.js';
import { shippedPolicy } from './helpers.js';

const NAMES = Object.keys(COMMAND_LINES) as CommandName[];
const declared = new Map(await Promise.all(NAMES.map(async (n) => [n, await optionsOf(n)] as const)));

describe('every flag has help', () => {
  for (const name of NAMES) {
    const options = declared.get(name)!;
    const inUsage = usageFlags(COMMAND_LINES[name].usage);

    it(`${name}: each option has a description in zh and en, and each entry is an option`, () => {
      for (const lang of LANGS) {
        const flags: Readonly<Record<string, FlagHelp>> = HELP[lang].commands[name].flags;
        for (const flag of Object.keys(options)) expect(flags[flag]?.text ?? '', `${lang} --${flag} has no help`).toMatch(/\S/);
        expect(Object.keys(flags).filter((f) => !Object.hasOwn(options, f)), lang).toEqual([]);
      }
    });

    it(`${name}: the usage line names every option, with a value name exactly for those that take one`, () => {
      expect([...inUsage.keys()].sort()).toEqual(Object.keys(options).sort());
      for (const [flag, o] of Object.entries(options)) expect(inUsage.get(flag)?.value !== undefined, `--${flag}`).toBe(o.type === 'string');
    });

    it(`${name}: a flag that is not required says its default, or when it is required`, () => {
      for (const lang of LANGS) {
        for (const [flag, o] of Object.entries(options)) {
          const help = (HELP[lang].commands[name].flags as Readonly<Record<string, FlagHelp>>)[flag];
          if (o.type === 'string' && !inUsage.get(flag)?.required) expect(help?.default ?? help?.requiredWhen ?? '', `${lang} --${flag} states no default`).toMatch(/\S/);
        }
      }
    });

    it(`${name}: one to three examples, each explained in both languages`, () => {
      const examples = COMMAND_LINES[name].examples;
      expect(examples.length).toBeGreaterThanOrEqual(1);
      expect(examples.length).toBeLessThanOrEqual(3);
      for (const lang of LANGS) expect(HELP[lang].commands[name].examples.length, lang).toBe(examples.length);
      for (const e of examples) expect(e.startsWith(`fuzhu ${name}`), e).toBe(true);
    });
  }
});

/** Every flag any command has, and those every command takes. */
const FLAGS = new Set(['--help', '-h', '--version', ...[...declared.values()].flatMap((o) => Object.keys(o).map((f) => `--${f}`))]);
/**
 * Placeholders: the upper-case words of the usage lines (FILE, YYYY, MM, HOUSEHOLD, PARAM…), and
 * the values a flag's value name lists (zh|en, utf8|gbk|gb18030).
 */
const PLACEHOLDERS = new Set(
  NAMES.flatMap((n) => {
    const usage = COMMAND_LINES[n].usage;
    const listed = [...usageFlags(usage).values()].flatMap((f) => (f.value?.includes('|') ? f.value.split('|') : []));
    return [...(usage.replace(/--[a-z-]+/g, ' ').match(/[A-Z]+/g) ?? []), ...listed.flatMap((v) => v.match(/[A-Za-z]+/g) ?? [])];
  }),
);
/** Names of file formats and encodings, which Chinese writes as they are. */
const FORMATS = new Set(['JSON', 'JSONL', 'CSV', 'YAML', 'HTML', 'Markdown', 'XLSX', 'UTF']);
/** Ids: the command and its commands, the environment's variables, the policy's items, parameters and enumeration values, the scenarios. */
const IDS = (() => {
  const p = shippedPolicy();
  const enums = [...p.enums.values(), ...p.household.enums.values()].flatMap((e) => [...e.labels.keys()]);
  return new Set(['fuzhu', 'help', ...NAMES, 'LC_ALL', 'LC_MESSAGES', 'LANG', ...p.items.map((i) => i.id), ...p.parameters.keys(), ...enums, 'death-800', 'city-60-percent', 'reform-2019']);
})();

/**
 * The words of ASCII letters in a text that are none of: a flag a command has, a file path or
 * name, an id, a placeholder of a usage line, a format's name.
 */
function englishWords(text: string): string[] {
  const found: string[] = [];
  for (const chunk of text.split(/[^\x21-\x7e]+/)) {
    for (const raw of chunk.split(/[=@|,;:“”]/)) {
      const part = raw.replace(/^[[(`'"]+|[\]).`'"…]+$/g, '');
      if (!/[A-Za-z]/.test(part)) continue;
      if (/^--?[a-z]/.test(part)) {
        if (!FLAGS.has(part)) found.push(part);
      } else if (part.includes('/') || /^[\w*-]*\.(yaml|jsonl?|csv|html?|md|xlsx)$/.test(part) || IDS.has(part)) {
        continue;
      } else {
        found.push(...(part.match(/[A-Za-z]+/g) ?? []).filter((w) => !PLACEHOLDERS.has(w) && !FORMATS.has(w)));
      }
    }
  }
  return found;
}

describe('the help in Chinese', () => {
  it('`fuzhu help simulate --lang zh` has no English word', async () => {
    const r = await fuzhu('help', 'simulate', '--lang', 'zh');
    expect(r.code).toBe(0);
    expect(r.out).toContain('用法：fuzhu simulate --population FILE');
    expect(englishWords(r.out)).toEqual([]);
  });

  it('nor has any other command’s help, or the list of commands', () => {
    for (const name of NAMES) expect(englishWords(commandHelp(name, declared.get(name)!, 'zh')), name).toEqual([]);
    expect(englishWords(commandList('zh'))).toEqual([]);
  });

  it('the filter finds English: in the English help, and a word slipped into the Chinese', () => {
    expect(englishWords(commandHelp('simulate', declared.get('simulate')!, 'en'))).toEqual(expect.arrayContaining(['the', 'population']));
    expect(englishWords('人群文件（默认 default：FILE）--population FILE policy/populations/liuzhou-sample.jsonl --nosuch')).toEqual(['default', '--nosuch']);
  });
});

describe('asking for help', () => {
  it('`fuzhu simulate --help` lists --population with its value name, its default or required, and the examples', async () => {
    const r = await fuzhu('simulate', '--help', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}--population FILE +the households: .*\(required\)$/m);
    expect(r.out).toMatch(/^ {2}--scenario FILE +.*\(default: none; repeatable\)$/m);
    expect(r.out).toMatch(/^ {2}--runs N +with --project: .*\(default: 20\)$/m);
    expect(r.out).toContain(`  ${COMMAND_LINES.simulate.examples[0]}`);
  });

  it('-h and `fuzhu help COMMAND` print the same; --lang may come anywhere', async () => {
    const expected = commandHelp('eval', declared.get('eval')!, 'zh');
    for (const argv of [['eval', '-h', '--lang', 'zh'], ['help', 'eval', '--lang=zh'], ['--lang', 'zh', 'help', 'eval'], ['--lang', 'zh', 'eval', '--help']]) {
      const r = await fuzhu(...argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out, argv.join(' ')).toBe(expected);
    }
  });

  it('`fuzhu help` and `fuzhu --help` list every command with its summary in the chosen language; `fuzhu` alone exits 2', async () => {
    for (const lang of LANGS) {
      const r = await fuzhu('help', '--lang', lang);
      expect(r.code).toBe(0);
      for (const name of NAMES) expect(r.out).toContain(`${name.padEnd(8)}  ${HELP[lang].commands[name].summary}`);
    }
    expect((await fuzhu('--help', '--lang', 'zh')).out).toContain('命令：');
    expect((await fuzhu()).code).toBe(2);
  });

  it('`fuzhu help simulat` suggests simulate, exit 2, in either language', async () => {
    const en = await fuzhu('help', 'simulat', '--lang', 'en');
    expect(en.code).toBe(2);
    expect(en.err).toContain("unknown command 'simulat'. Did you mean 'simulate'?");
    const zh = await fuzhu('help', 'simulat', '--lang', 'zh');
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('是否想用“simulate”？');
  });

  it('refuses an unknown --lang, and a second command, with exit 2', async () => {
    const r = await fuzhu('help', 'eval', '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(r.err).toContain("--lang 'fr'");
    expect(r.out).toBe('');
    expect((await fuzhu('simulate', '--help', '--lang', 'fr')).code).toBe(2);
    const two = await fuzhu('help', 'eval', 'simulate', '--lang', 'en');
    expect(two.code).toBe(2);
    expect(two.err).toContain("'simulate' is one too many");
  });

  it('a usage error ends with the usage line of the help entry, in the chosen language', async () => {
    const en = await fuzhu('eval', '--period', '2019-03');
    expect(en.code).toBe(2);
    expect(en.err.split('\n').at(-1)).toBe(usageLine('eval', 'en'));
    expect(usageLine('eval', 'en')).toBe(`usage: ${COMMAND_LINES.eval.usage}`);
    const zh = await fuzhu('eval', '--period', '2019-03', '--lang', 'zh');
    expect(zh.err.split('\n').at(-1)).toBe(`用法：${COMMAND_LINES.eval.usage}`);
  });

  it('without --lang, the locale chooses', () => {
    const zh = fuzhuProcess(['help'], { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' } });
    expect(zh.status).toBe(0);
    expect(zh.stdout).toContain('命令：');
    const en = fuzhuProcess(['help', 'check'], { env: { ...process.env, LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' } });
    expect(en.stdout).toContain('usage: fuzhu check');
  });
});

/**
 * The examples, each run once by the built program from the project's folder; an output under
 * `out/` goes to a temporary folder instead.
 */
describe('every example in the help runs', { timeout: 120_000 }, () => {
  const out = tempDir();
  for (const name of NAMES) {
    for (const example of COMMAND_LINES[name].examples) {
      it(example, () => {
        expect(example).not.toMatch(/["'\\$]/);
        const argv = example.split(' ').slice(1).map((a) => (a.startsWith('out/') ? join(out, a.slice('out/'.length)) : a));
        const r = fuzhuProcess(argv, { cwd: process.cwd(), timeout: 110_000 });
        expect(r.error).toBeUndefined();
        expect(String(r.stderr)).not.toContain('internal error');
        // A command that needs a terminal (explore) is run here without one: it refuses, pointing to simulate.
        if ('terminal' in COMMAND_LINES[name]) {
          expect(r.status, String(r.stderr)).toBe(2);
          expect(String(r.stderr)).toContain('fuzhu simulate');
          return;
        }
        expect(r.status, String(r.stderr)).toBe(0);
      });
    }
  }
});

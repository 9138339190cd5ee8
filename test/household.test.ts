import { it } from 'vitest';
import { loadPolicy } from '../src/policy/index.js';
import { readHouseholdFiles } from '../src/eval/householdFile.js';
import { readHousehold } from '../src/eval/household.js';
import { location } from '../src/diag/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const loaded = loadPolicy('policy/liuzhou-2018');
if (!loaded.ok) throw new Error('x');
const policy = loaded.policy;
const dir = mkdtempSync(join(tmpdir(), 'fzh-'));
function show(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  const t0 = Date.now();
  const r = readHouseholdFiles(policy, p);
  console.log(name, Date.now() - t0, 'ms', r.households.map(h => h.id), r.diagnostics.map(d => `${d.code} ${d.span ? location(d.span) : '-'} ${d.at} | ${d.message.slice(0, 200)}`));
}
it('explore', () => {
  const lol = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) lol.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  show('bomb.yaml', 'id: BOMB\nhukou: { county: "450205", type: urban }\nchildren: []\n' + lol.join('\n') + '\n');
  show('small-alias.yaml', 'id: AL\nhukou: &h { county: "450205", type: urban }\nwife: &p { birth_date: 1963-05-20 }\nhusband: *p\nchildren: []\n');
  const nest = (n: number) => 'id: DEEP\nhukou: { county: "450205", type: urban }\nchildren: []\nx: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
  show('deep31.yaml', nest(31));
  show('deep32.yaml', nest(32));
  show('deep40.yaml', nest(40));
  show('deep1e5.yaml', nest(100000));
  show('deepjson.json', '{"id": "J", "x": ' + '['.repeat(50000) + ']'.repeat(50000) + '}');
  const big = 'id: BIG\nhukou: { county: "450205", type: urban }\nwife: { birth_date: 1963-05-20 }\nchildren: []\n';
  show('big.yaml', big + '#' + 'x'.repeat(2 * 1024 * 1024 - big.length) + '\n');
  show('exact.yaml', big + '#' + 'x'.repeat(2 * 1024 * 1024 - big.length - 2) + '\n');
  show('syntax.yaml', 'id: S\nhukou: { county: "450205", type: urban }\nwife:\n  birth_date: 1963-05-20\n   bad: indent\nchildren: []\n');
  show('syntax2.yaml', 'id: S\nhukou: { county: "450205", type: urban }\nwife: [1963-05-20\nchildren: []\n');
  show('dup.yaml', 'id: S\nid: T\nhukou: { county: "450205", type: urban }\nwife: { birth_date: 1963-05-20 }\nchildren: []\n');
  show('bom.json', '\ufeff{"id": "BOM", "hukou": {"county": "450205", "type": "urban"}, "wife": {"birth_date": "1963-05-20"}, "children": []}');
  show('crlf.yaml', 'id: CR\r\nhukou: { county: "450205", type: urban }\r\nwife: { birth_date: 1963-02-30 }\r\nchildren: []\r\n');
  show('empty.yaml', '');
  show('scalar.yaml', 'hello\n');
  show('nullkey.yaml', 'id: NK\nhukou: { county: "450205", type: urban }\nwife:\n  birth_dat:\n  birth_date: 1963-05-20\nchildren: []\n');
  show('many.yaml', 'id: MANY\nhukou: { county: "450205", type: urban }\nwife: { birth_date: 1963-05-20 }\nchildren:\n' + Array(21).fill('  - { birth_date: 1988-09-01 }\n').join(''));
  show('proto.json', '{"id": "P", "__proto__": {"x": 1}, "hukou": {"county": "450205", "type": "urban"}, "wife": {"birth_date": "1963-05-20"}, "children": []}');
  show('merge.yaml', 'id: M\nhukou: { county: "450205", type: urban }\nwife: { <<: { birth_date: 1963-05-20 } }\nchildren: []\n');
  show('tagged.yaml', 'id: T\nhukou: { county: !!binary aGVsbG8=, type: urban }\nwife: { birth_date: 1963-05-20 }\nchildren: []\n');
  for (const raw of [
    { id: '', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [] },
    { id: 7, hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [] },
    { id: 'W', weight: -1, hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [] },
    { id: 'W', weight: '2.5', residence: '柳南区', hukou: { county: 'outside', type: 'rural' }, wife: { birth_date: '1963-05-20', family_doctor_package: -3 }, children: [] },
    { id: 'W', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20', chronic: 'hypertension' }, children: [] },
    { id: 'W', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [{ birth_date: '1990-01-01', adoption_date: '1991-01-01' }, { birth_date: '1990-01-01', adopted: true, adoption_date: '1989-01-01' }, {birth_date: '1990-01-01', college: { admitted: '2010-09-01', graduates: '2009-01-01' }}] },
    { id: 'W', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20', birth_dat: 'x' }, husband: { birth_date: '1960-01-01', death_date: '1950-01-01' }, children: [] },
    { id: 'W', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [], toString: 1 },
    { id: 'W', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: new Date('1963-05-20') }, children: [] },
    { id: 'W', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20', death_date: '' }, children: [] },
    { id: 'W', hukou: { county: 'constructor', type: 'urban' }, wife: { birth_date: '1963-05-20' }, children: [] },
    { id: 'W', hukou: { county: '450205', type: 'urban' }, wife: { birth_date: '1963-05-20', chronic: [] , care_need: 'Nursing'}, children: [] },
  ]) {
    const r = readHousehold(policy, raw);
    console.log(JSON.stringify(r.ok ? r.household : r.diagnostics.map(d => `${d.code} ${d.at} | ${d.message}`)));
  }
});

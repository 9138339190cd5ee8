/**
 * The JavaScript source of one compiled definition or expression, and the function made from
 * it. Nothing of a policy or a household is ever written into the source as code: values
 * (literals, parameters, spans, the definitions called) are handed to the function by
 * reference and named `k0`, `k1`, …; a field's name is written only as its JSON encoding, the
 * key of a property read (test/compiled-source.test.ts fuzzes both). The rest of the source is
 * the compiler's own templates, identifiers it makes (`t3`, `a1`) and numbers it counts.
 */

/** What the generated functions are called with: the month's state, the locals, and their tags. */
export type GeneratedFn = (f: never, l: unknown[], g: boolean[]) => unknown;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The temporaries of one generated function, declared at its top. */
export class Temps {
  private count = 0;

  /** A fresh temporary. */
  next(): string {
    return `t${this.count++}`;
  }

  /** Their declaration (empty when none was used). */
  declaration(): string {
    if (this.count === 0) return '';
    const names: string[] = [];
    for (let i = 0; i < this.count; i++) names.push(`t${i}`);
    return `let ${names.join(', ')};\n`;
  }
}

export class SourceUnit {
  private readonly values: unknown[] = [];
  private readonly functions: string[] = [];
  private readonly helpers: string[];

  /** `runtime`: the functions the source may call by name (the compiler's own identifiers). */
  constructor(private readonly runtime: Readonly<Record<string, unknown>>) {
    this.helpers = Object.keys(runtime);
    for (const h of this.helpers) if (!IDENTIFIER.test(h)) throw new Error(`not an identifier: ${h}`);
  }

  /** A value handed to the function by reference: its name in the source. */
  value(v: unknown): string {
    let i = this.values.indexOf(v);
    if (i < 0) i = this.values.push(v) - 1;
    return `k${i}`;
  }

  /** The read of the field `name` of the object that `object` (source) gives. */
  field(object: string, name: string): string {
    return `${object}[${JSON.stringify(name)}]`;
  }

  /** A function of (f, l, g) of the unit, returning what `body` (statements) returns; its name in the source. */
  function(temps: Temps, body: string): string {
    const name = `a${this.functions.length}`;
    this.functions.push(`function ${name}(f, l, g) {\n${temps.declaration()}${body}\n}\n`);
    return name;
  }

  /** The whole source of the function returning the value of `expr` (source). */
  source(temps: Temps, expr: string): string {
    const values = this.values.map((_, i) => `k${i} = K[${i}]`);
    const code = `${this.functions.join('')}return function (f, l, g) {\n${temps.declaration()}return ${expr};\n};`;
    // Only the runtime's functions that the code names are declared: fewer to set up as each unit is made.
    const helpers = this.helpers.filter((h) => new RegExp(`\\b${h}\\b`).test(code));
    return ['"use strict";\n', helpers.length ? `const { ${helpers.join(', ')} } = R;\n` : '', values.length ? `const ${values.join(', ')};\n` : '', code].join('');
  }

  /** The function returning the value of `expr`, and its source. */
  build(temps: Temps, expr: string): { fn: GeneratedFn; source: string } {
    const source = this.source(temps, expr);
    const make = new Function('R', 'K', source) as (r: unknown, k: unknown[]) => GeneratedFn;
    return { fn: make(this.runtime, this.values), source };
  }
}

/**
 * A faithful copy of an object graph as bytes: V8's structured serialisation, which keeps Maps,
 * Sets, typed arrays, shared references and cycles, plus what it cannot carry by itself: the
 * prototypes of the classes a checked policy holds (Source, Decimal) and the UNSET symbol. Anything else it would
 * lose (a function, another class, a symbol key, an accessor) makes `encode` refuse, so that a
 * graph is either restored exactly or not stored at all.
 */
import { deserialize, serialize } from 'node:v8';
import { Decimal } from 'decimal.js';
import { Source } from '../diag/source.js';
import { UNSET } from '../policy/model.js';

/** Classes whose instances are plain data behind a prototype. */
const CLASSES: readonly (abstract new (...args: never[]) => object)[] = [Source, Decimal];
/** Values V8 cannot carry, restored by their index here. */
const SYMBOLS: readonly symbol[] = [UNSET];

/** Where a symbol goes back: a property of an object or array, or the value of a Map entry. */
type SymbolSlot = [container: object, key: unknown, symbol: number];

interface Payload {
  root: unknown;
  instances: [object, number][];
  symbols: SymbolSlot[];
}

class Unsupported extends Error {}

/** The graph as bytes, or undefined when it holds something that would not come back the same. */
export function encode(value: unknown): Buffer | undefined {
  const copies = new Map<object, unknown>();
  const instances: [object, number][] = [];
  const symbols: SymbolSlot[] = [];

  const slot = (container: object, key: unknown, v: unknown): unknown => {
    if (typeof v !== 'symbol') return copy(v);
    const index = SYMBOLS.indexOf(v);
    if (index === -1) throw new Unsupported();
    symbols.push([container, key, index]);
    return null;
  };

  const copy = (v: unknown): unknown => {
    if (typeof v === 'function' || typeof v === 'symbol') throw new Unsupported();
    if (v === null || typeof v !== 'object') return v;
    // Typed arrays are plain data that V8 carries as they are (a DataView is not).
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v;
    const done = copies.get(v);
    if (done !== undefined) return done;
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto === Map.prototype) {
      const out = new Map<unknown, unknown>();
      copies.set(v, out);
      for (const [k, x] of v as Map<unknown, unknown>) {
        const key = copy(k);
        out.set(key, slot(out, key, x));
      }
      return out;
    }
    if (proto === Set.prototype) {
      const out = new Set<unknown>();
      copies.set(v, out);
      for (const x of v as Set<unknown>) out.add(copy(x));
      return out;
    }
    const cls = CLASSES.findIndex((c) => c.prototype === proto);
    if (proto !== Object.prototype && proto !== Array.prototype && cls === -1) throw new Unsupported();
    const out: Record<string, unknown> = proto === Array.prototype ? [] as never : {};
    copies.set(v, out);
    if (Object.getOwnPropertySymbols(v).length) throw new Unsupported();
    for (const key of Object.getOwnPropertyNames(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      // decimal.js keeps its constructor on each instance; the prototype brings it back.
      if (key === 'constructor' && cls !== -1 && d.value === Decimal) continue;
      if (Array.isArray(v) && key === 'length') continue;
      if (!('value' in d) || !d.enumerable) throw new Unsupported();
      Object.defineProperty(out, key, { value: slot(out, key, d.value), enumerable: true, writable: true, configurable: true });
    }
    if (cls !== -1) instances.push([out, cls]);
    return out;
  };

  try {
    const payload: Payload = { root: copy(value), instances, symbols };
    return serialize(payload);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** The graph `encode` stored; throws when the bytes are not such a graph. */
export function decode(bytes: Buffer): unknown {
  const { root, instances, symbols } = deserialize(bytes) as Payload;
  for (const [object, cls] of instances) {
    Object.setPrototypeOf(object, CLASSES[cls]!.prototype);
    if (CLASSES[cls] === Decimal) Object.defineProperty(object, 'constructor', { value: Decimal, enumerable: true, writable: true, configurable: true });
  }
  for (const [container, key, index] of symbols) {
    if (container instanceof Map) container.set(key, SYMBOLS[index]);
    else (container as Record<string, unknown>)[key as string] = SYMBOLS[index];
  }
  return root;
}

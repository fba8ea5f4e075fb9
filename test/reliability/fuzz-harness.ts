import fc from 'fast-check';
import { KeelError } from '../../src/core/index.js';

/**
 * The shared machinery of the parser fuzz tests (test/reliability/fuzz-*.test.ts): inputs made by
 * mutating valid seed files (bit flips, truncation, inserted, deleted, duplicated and overwritten
 * byte runs) mixed with plain random bytes, and the one verdict every parser must meet: a result
 * that passes its checks, or a typed KeelError. Anything else (TypeError, RangeError, a
 * protobuf or zlib exception, a hang) is a bug in the parser.
 */

/** Generated inputs per parser per CI run (the issue asks for at least 1,000). */
export const RUNS = 1000;

type Edit =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const interesting = fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0x22, 0x2c, 0x0a, 0x0d, 0x7b, 0x7d, 0x5b, 0x5d, 0x30, 0x39, 0x2d, 0x2e, 0x65);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, value: fc.oneof(interesting, fc.integer({ min: 0, max: 255 })) }),
);

function applyEdit(bytes: Uint8Array, e: Edit): Uint8Array {
  const at = Math.floor(e.at * (bytes.length + (e.kind === 'insert' ? 1 : 0)));
  switch (e.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      out[at] = out[at]! ^ (1 << e.bit);
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'insert':
      return concat(bytes.subarray(0, at), e.bytes, bytes.subarray(at));
    case 'delete':
      return concat(bytes.subarray(0, at), bytes.subarray(at + e.length));
    case 'duplicate':
      return concat(bytes.subarray(0, at + e.length), bytes.subarray(at, at + e.length), bytes.subarray(at + e.length));
    case 'set': {
      if (bytes.length === 0) return bytes;
      const out = bytes.slice();
      out[at] = e.value;
      return out;
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Bytes to feed a parser: mostly a seed with 1–6 edits, sometimes a seed unchanged or random bytes.
 * @example `fc.assert(fc.property(mutatedBytes([seed]), (b) => expectTypedOrValid(() => parseNpy(b))), fuzzRun(1))`
 */
export function mutatedBytes(seeds: readonly Uint8Array[], maxRandom = 256): fc.Arbitrary<Uint8Array> {
  const seed = fc.constantFrom(...seeds);
  return fc.oneof(
    { weight: 8, arbitrary: fc.tuple(seed, fc.array(edit, { minLength: 1, maxLength: 6 })).map(([s, edits]) => edits.reduce(applyEdit, s)) },
    { weight: 1, arbitrary: seed },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: maxRandom }) },
  );
}

/**
 * Text to feed a text parser: a seed with edits made on its UTF-8 bytes (decoded leniently), or
 * random strings (including control characters and astral code points).
 * @example `mutatedText(['a,b\n1,2\n'])`
 */
export function mutatedText(seeds: readonly string[]): fc.Arbitrary<string> {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return fc.oneof(
    { weight: 8, arbitrary: mutatedBytes(seeds.map((s) => enc.encode(s)), 0).map((b) => dec.decode(b)) },
    { weight: 2, arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom(',', '"', '\n', '\r', '\t', ' ', '{', '}', '[', ']', ':', '-', '.', 'e', '1', '0'), fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 200 }) },
  );
}

/** fast-check settings of one fuzz property: seeded (reproducible), {@link RUNS} inputs. */
export function fuzzRun(seed: number): fc.Parameters<unknown> {
  return { numRuns: RUNS, seed, endOnFailure: true };
}

/**
 * The verdict: `parse` either returns a result that `check` accepts, or throws a KeelError
 * (whose message names what was wrong). Any other exception fails the property.
 * @example `expectTypedOrValid(() => parseIdx(bytes), (t) => expect(t.data.length).toBe(tensorSize(t.shape)))`
 */
export function expectTypedOrValid<T>(parse: () => T, check: (result: T) => void = () => undefined): void {
  let result: T;
  try {
    result = parse();
  } catch (e) {
    if (e instanceof KeelError) {
      if (e.message.trim() === '') throw new Error(`KeelError ${e.code} with an empty message`);
      return;
    }
    throw new Error(`untyped ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
  check(result);
}

/**
 * Async variant of {@link expectTypedOrValid}.
 * @example `await expectTypedOrValidAsync(() => loadTable(path))`
 */
export async function expectTypedOrValidAsync<T>(parse: () => Promise<T>, check: (result: T) => void = () => undefined): Promise<void> {
  let result: T;
  try {
    result = await parse();
  } catch (e) {
    if (e instanceof KeelError) return;
    throw new Error(`untyped ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
  check(result);
}

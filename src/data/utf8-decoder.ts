/**
 * Strict, streaming UTF-8 decoding that can say *where* an invalid byte is, so loaders can name
 * the line and column. Incomplete sequences at a chunk's end are carried to the next chunk.
 */

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Raised by {@link Utf8Decoder.decode}; `byteOffset` is relative to the whole stream. */
export interface InvalidUtf8 {
  readonly byteOffset: number;
  /** Text decoded from the valid bytes before the bad one (in this chunk). */
  readonly validPrefix: string;
}

/**
 * Index of the first byte that does not start or continue a valid UTF-8 sequence, or -1.
 * Incomplete sequences at the very end count as valid (they may continue in the next chunk).
 *
 * @example
 * ```ts
 * findInvalidUtf8(Uint8Array.from([0x61, 0xff])); // 1
 * ```
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return -1;
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Length of the longest prefix of `bytes` that ends on a UTF-8 character boundary. */
function completePrefixLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? n - back : n;
  }
  return n;
}

/**
 * Chunk-by-chunk strict UTF-8 decoder.
 *
 * @example
 * ```ts
 * const d = new Utf8Decoder();
 * const r = d.decode(buffer); // string, or { byteOffset, validPrefix } on a bad byte
 * ```
 */
export class Utf8Decoder {
  private carry: Uint8Array = new Uint8Array(0);
  private consumed = 0;
  private first = true;

  /** Decodes the next chunk; returns the text, or where the first invalid byte is. */
  decode(chunk: Uint8Array, final = false): string | InvalidUtf8 {
    let bytes = chunk;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry, 0);
      bytes.set(chunk, this.carry.length);
    }
    const cut = final ? bytes.length : completePrefixLength(bytes);
    const body = bytes.subarray(0, cut);
    this.carry = bytes.slice(cut);
    const start = this.consumed;
    this.consumed += cut;
    let text: string;
    try {
      text = fatal.decode(body);
    } catch {
      const bad = findInvalidUtf8(body);
      const at = bad < 0 ? body.length - 1 : bad;
      return { byteOffset: start + at, validPrefix: fatal.decode(body.subarray(0, at)) };
    }
    if (this.first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > 0) this.first = false;
    return text;
  }
}

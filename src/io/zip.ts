/**
 * A small zip reader/writer for `.npz` archives: stored (method 0) and deflated (method 8)
 * entries, zip64 sizes and offsets on read, CRC-32 checked. Internal to `io`.
 */
import { DataError } from '../core/index.js';
import { zlib } from './zlib.js';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const MAX32 = 0xffffffff;
const DOS_DATE_1980 = (1 << 5) | 1; // 1980-01-01: fixed so that output is reproducible
const UTF8_NAMES = 1 << 11;

/** One archive member for {@link writeZip}. */
export interface ZipEntryInput {
  name: string;
  data: Uint8Array;
}

/**
 * Reads every member of a zip archive, in archive order. Throws DataError `NPZ_FORMAT`.
 * @example `const members = readZip(bytes, 'a.npz'); members.get('x.npy')`
 */
export function readZip(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  const fail = (why: string, cause?: unknown): DataError =>
    new DataError(
      'NPZ_FORMAT',
      `${file}: not a readable npz (zip) archive: ${why}. Re-create it with numpy.savez or writeNpz.`,
      { file, reason: why },
      cause === undefined ? {} : { cause },
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, n: number): number => {
    if (at < 0 || at + n > bytes.length) throw fail(`truncated: needed bytes ${at}..${at + n} but the file has ${bytes.length}`);
    return at;
  };
  const u16 = (at: number): number => view.getUint16(need(at, 2), true);
  const u32 = (at: number): number => view.getUint32(need(at, 4), true);
  const u64 = (at: number): number => {
    const v = view.getBigUint64(need(at, 8), true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw fail(`zip64 value ${String(v)} at byte ${at} is too large`);
    return Number(v);
  };

  const end = findEnd(bytes, view);
  if (end < 0) throw fail(`no end-of-central-directory record found in ${bytes.length} bytes (is it a zip file?)`);
  let count = u16(end + 10);
  let cdOffset = u32(end + 16);
  if (count === 0xffff || cdOffset === MAX32) {
    const locator = end - 20;
    if (locator < 0 || u32(locator) !== SIG_LOCATOR64) throw fail('zip64 end-of-central-directory locator missing');
    const end64 = u64(locator + 8);
    if (u32(end64) !== SIG_END64) throw fail('zip64 end-of-central-directory record missing');
    count = u64(end64 + 32);
    cdOffset = u64(end64 + 48);
  }

  const out = new Map<string, Uint8Array>();
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== SIG_CENTRAL) throw fail(`central directory entry ${i} is corrupt (byte ${at})`);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    let packedSize = u32(at + 20);
    let size = u32(at + 24);
    const nameLen = u16(at + 28);
    const extraLen = u16(at + 30);
    const commentLen = u16(at + 32);
    let localOffset = u32(at + 42);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen));
    // Zip64 extra field (id 1): the 0xffffffff fields, in the order size, packed size, offset.
    for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen; e += 4 + u16(e + 2)) {
      if (u16(e) !== 1) continue;
      let p = e + 4;
      if (size === MAX32) {
        size = u64(p);
        p += 8;
      }
      if (packedSize === MAX32) {
        packedSize = u64(p);
        p += 8;
      }
      if (localOffset === MAX32) localOffset = u64(p);
    }
    if ((flags & 1) !== 0) throw fail(`member '${name}' is encrypted`);
    if (u32(localOffset) !== SIG_LOCAL) throw fail(`local header of member '${name}' is corrupt (byte ${localOffset})`);
    const dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (dataStart + packedSize > bytes.length) {
      throw fail(`member '${name}' needs bytes up to ${dataStart + packedSize} but the file has ${bytes.length} (truncated)`);
    }
    const packed = bytes.subarray(dataStart, dataStart + packedSize);
    let data: Uint8Array;
    if (method === 0) data = new Uint8Array(packed); // a copy, even when `bytes` is a Buffer
    else if (method === 8) {
      try {
        data = zlib().inflateRawSync(packed);
      } catch (cause) {
        throw fail(`member '${name}' has corrupt deflate data`, cause);
      }
    } else throw fail(`member '${name}' uses compression method ${method}; only stored (0) and deflate (8) are supported`);
    if (data.length !== size) throw fail(`member '${name}' is ${data.length} bytes, expected ${size}`);
    if (zlib().crc32(data) >>> 0 !== crc) throw fail(`member '${name}' fails its CRC-32 check (corrupt data)`);
    out.set(name, data);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function findEnd(bytes: Uint8Array, view: DataView): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= stop; at--) {
    if (view.getUint32(at, true) === SIG_END) return at;
  }
  return -1;
}

/**
 * Builds a zip archive. `compress` deflates each member. Throws DataError `NPZ_FORMAT` when
 * the archive would need zip64 (over 4 GiB or 65535 members).
 * @example `const bytes = writeZip([{ name: 'x.npy', data }], { compress: false }, 'a.npz');`
 */
export function writeZip(entries: readonly ZipEntryInput[], options: { compress: boolean }, file: string): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const packed = options.compress ? zlib().deflateRawSync(entry.data) : entry.data;
    const fields = {
      method: options.compress ? 8 : 0,
      crc: zlib().crc32(entry.data) >>> 0,
      packedSize: packed.length,
      size: entry.data.length,
    };
    if (offset > MAX32 || fields.size > MAX32 || fields.packedSize > MAX32 || entries.length > 0xfffe) {
      throw new DataError(
        'NPZ_FORMAT',
        `${file}: archive too large for a plain zip (over 4 GiB or 65535 arrays); zip64 writing is not supported. ` +
          'Split the arrays over several files.',
        { file, entries: entries.length },
      );
    }
    const local = header(30, name, (v) => {
      v.setUint32(0, SIG_LOCAL, true);
      writeCommon(v, 4, fields);
    });
    const central = header(46, name, (v) => {
      v.setUint32(0, SIG_CENTRAL, true);
      v.setUint16(4, (3 << 8) | 20, true); // made by: unix, zip 2.0
      writeCommon(v, 6, fields);
      v.setUint32(38, 0o100644 << 16, true); // unix regular file, rw-r--r--
      v.setUint32(42, offset, true);
    });
    locals.push(local, packed);
    centrals.push(central);
    offset += local.length + packed.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, SIG_END, true);
  v.setUint16(8, entries.length, true);
  v.setUint16(10, entries.length, true);
  v.setUint32(12, cdSize, true);
  v.setUint32(16, offset, true);
  return concat([...locals, ...centrals, end]);
}

interface CommonFields {
  method: number;
  crc: number;
  packedSize: number;
  size: number;
}

/** Fields shared by local and central headers, from "version needed" to "name length". */
function writeCommon(v: DataView, at: number, f: CommonFields): void {
  v.setUint16(at, f.method === 8 ? 20 : 10, true);
  v.setUint16(at + 2, UTF8_NAMES, true);
  v.setUint16(at + 4, f.method, true);
  v.setUint16(at + 6, 0, true); // time 00:00
  v.setUint16(at + 8, DOS_DATE_1980, true);
  v.setUint32(at + 10, f.crc, true);
  v.setUint32(at + 14, f.packedSize, true);
  v.setUint32(at + 18, f.size, true);
}

function header(fixed: number, name: Uint8Array, fill: (v: DataView) => void): Uint8Array {
  const out = new Uint8Array(fixed + name.length);
  const v = new DataView(out.buffer);
  fill(v);
  v.setUint16(fixed === 30 ? 26 : 28, name.length, true);
  out.set(name, fixed);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

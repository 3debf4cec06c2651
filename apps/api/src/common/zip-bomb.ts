// An .xlsx is a zip: a few hundred KB can inflate to gigabytes inside the spreadsheet library, on the
// event loop. Before any parser sees one, every entry is inflated here with a hard cap on the output
// (zlib stops at the cap), so what the zip declares and what it really holds are both bounded.
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Bytes all entries may inflate to together. */
  maxInflatedBytes: number;
  maxEntries: number;
}

export type ZipVerdict =
  { ok: true; inflatedBytes: number } | { ok: false; reason: 'unreadable' | 'too_large' };

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;

/** Inflates every entry of `buffer` up to the limits, without keeping the output. */
export function checkZipSize(buffer: Buffer, limits: ZipLimits): ZipVerdict {
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return { ok: false, reason: 'unreadable' };
  const entries = buffer.readUInt16LE(end + 10);
  if (entries > limits.maxEntries) return { ok: false, reason: 'too_large' };
  let offset = buffer.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_ENTRY)
      return { ok: false, reason: 'unreadable' };
    const method = buffer.readUInt16LE(offset + 10);
    const compressed = buffer.readUInt32LE(offset + 20);
    const declared = buffer.readUInt32LE(offset + 24);
    const local = buffer.readUInt32LE(offset + 42);
    offset +=
      46 +
      buffer.readUInt16LE(offset + 28) +
      buffer.readUInt16LE(offset + 30) +
      buffer.readUInt16LE(offset + 32);
    // ZIP64 (an entry past 4 GB) has no place in a spreadsheet of units.
    if (compressed === 0xffffffff || declared === 0xffffffff) return { ok: false, reason: 'too_large' };
    if (total + declared > limits.maxInflatedBytes) return { ok: false, reason: 'too_large' };
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== LOCAL_ENTRY)
      return { ok: false, reason: 'unreadable' };
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + compressed);
    const budget = limits.maxInflatedBytes - total;
    if (method === 0) total += data.length;
    else if (method === 8) {
      try {
        // The declared size may lie: zlib itself refuses to write past what is left of the budget.
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
          return { ok: false, reason: 'too_large' };
        return { ok: false, reason: 'unreadable' };
      }
    } else return { ok: false, reason: 'unreadable' };
    if (total > limits.maxInflatedBytes) return { ok: false, reason: 'too_large' };
  }
  return { ok: true, inflatedBytes: total };
}

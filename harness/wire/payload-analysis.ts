// What the wire checks look for in a reassembled stream: a canary, TLS records, and byte entropy.
import { locate, type TcpStream } from "./tcp-flows.ts";

export interface CanaryHit {
  stream: string;
  streamOffset: number;
  packet: number;
  fileOffset: number;
  context: string;
}

/** Every occurrence of the canary in the streams, with the pcap packet and file offset it sits in. */
export function findCanary(streams: TcpStream[], canary: string, limit = 20): CanaryHit[] {
  const needle = Buffer.from(canary);
  const hits: CanaryHit[] = [];
  for (const s of streams) {
    let at = s.data.indexOf(needle);
    while (at >= 0 && hits.length < limit) {
      hits.push({
        stream: s.key,
        streamOffset: at,
        ...locate(s, at),
        context: s.data.subarray(Math.max(0, at - 16), at + needle.length + 16).toString("latin1").replace(/[^\x20-\x7e]/g, "."),
      });
      at = s.data.indexOf(needle, at + 1);
    }
  }
  return hits;
}

/** Shannon entropy in bits per byte (0…8). Ciphertext of any size above a few KB is close to 8. */
export function shannonEntropy(data: Buffer): number {
  if (data.length === 0) return 0;
  const counts = new Array<number>(256).fill(0);
  for (const b of data) counts[b]!++;
  let h = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / data.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Counts TLS records (content type 20–23, version 3.x, plausible length) walking the stream from its start. */
export function countTlsRecords(data: Buffer): { records: number; handshake: boolean; walkedBytes: number } {
  let off = 0;
  let records = 0;
  let handshake = false;
  while (off + 5 <= data.length) {
    const type = data[off]!;
    const major = data[off + 1]!;
    const len = data.readUInt16BE(off + 3);
    if (type < 20 || type > 23 || major !== 3 || len > 18432) break;
    if (type === 22) handshake = true;
    records++;
    off += 5 + len;
  }
  return { records, handshake, walkedBytes: Math.min(off, data.length) };
}

// Classic libpcap files (24-byte global header, 16-byte record headers), as tcpdump -w writes them.
import { HarnessError } from "../errors/harness-error.ts";

export interface PcapPacket {
  index: number;
  /** Byte offset of the record header in the file (evidence points here). */
  offset: number;
  /** Seconds since the epoch, with microsecond (or nanosecond) precision. */
  time: number;
  capturedLength: number;
  originalLength: number;
  data: Buffer;
}

export interface Pcap {
  linkType: number;
  snapLength: number;
  nanosecond: boolean;
  packets: PcapPacket[];
}

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL = 113;
/** tcpdump -i any since libpcap 1.10: 20-byte header, protocol in its first two bytes. */
export const LINKTYPE_LINUX_SLL2 = 276;
export const LINKTYPE_RAW = 101;

/** Parses a whole pcap file; a truncated final record (capture still being written) is dropped, not an error. */
export function readPcap(buf: Buffer, where = "pcap"): Pcap {
  if (buf.length < 24) throw new HarnessError("INVALID_INPUT", `${where}: ${buf.length} bytes is too short for a pcap global header (24)`);
  const magic = buf.readUInt32LE(0);
  let le: boolean;
  let nanosecond = false;
  if (magic === 0xa1b2c3d4) le = true;
  else if (magic === 0xd4c3b2a1) le = false;
  else if (magic === 0xa1b23c4d) [le, nanosecond] = [true, true];
  else if (magic === 0x4d3cb2a1) [le, nanosecond] = [false, true];
  else if (magic === 0x0a0d0d0a) throw new HarnessError("INVALID_INPUT", `${where}: this is pcapng; capture with tcpdump -w (classic pcap) instead`);
  else throw new HarnessError("INVALID_INPUT", `${where}: bad magic 0x${magic.toString(16).padStart(8, "0")} at offset 0; not a pcap file`);
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const major = le ? buf.readUInt16LE(4) : buf.readUInt16BE(4);
  if (major !== 2) throw new HarnessError("INVALID_INPUT", `${where}: pcap version ${major} at offset 4; expected 2`);
  const snapLength = u32(16);
  const linkType = u32(20) & 0x0fffffff;
  const packets: PcapPacket[] = [];
  let off = 24;
  while (off + 16 <= buf.length) {
    const sec = u32(off);
    const frac = u32(off + 4);
    const capturedLength = u32(off + 8);
    const originalLength = u32(off + 12);
    if (capturedLength > Math.max(snapLength, 262144))
      throw new HarnessError("INVALID_INPUT", `${where}: record ${packets.length} at offset ${off} claims ${capturedLength} captured bytes (snaplen ${snapLength})`);
    if (off + 16 + capturedLength > buf.length) break; // still being written
    packets.push({
      index: packets.length,
      offset: off,
      time: sec + frac / (nanosecond ? 1e9 : 1e6),
      capturedLength,
      originalLength,
      data: buf.subarray(off + 16, off + 16 + capturedLength),
    });
    off += 16 + capturedLength;
  }
  return { linkType, snapLength, nanosecond, packets };
}

// IPv4/TCP decoding and per-direction stream reassembly (by sequence number) of captured packets.
import { HarnessError } from "../errors/harness-error.ts";
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW, type Pcap } from "./pcap-reader.ts";

export interface TcpSegment {
  packet: number;
  /** Offset of the TCP payload in the pcap file. */
  fileOffset: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  flags: number;
  payload: Buffer;
}

export interface TcpStream {
  /** "198.18.1.3:41234 → 198.18.1.5:7337" */
  key: string;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  /** Payload bytes in sequence order, retransmissions removed. */
  data: Buffer;
  /** For each chunk of `data`: where it came from in the pcap file. */
  chunks: { streamOffset: number; length: number; packet: number; fileOffset: number }[];
  /** Bytes the capture never saw (tcpdump drops under load), and where in `data` they would have stood. */
  gaps: { streamOffset: number; missing: number }[];
  packets: number;
}

const ip4 = (b: Buffer, o: number): string => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;

/** Extracts the TCP segments of IPv4 packets; other traffic is skipped. */
export function tcpSegments(pcap: Pcap, fileOffsets?: Map<number, number>): TcpSegment[] {
  const out: TcpSegment[] = [];
  for (const p of pcap.packets) {
    let ipOff: number;
    if (pcap.linkType === LINKTYPE_ETHERNET) {
      if (p.data.length < 14) continue;
      let etherType = p.data.readUInt16BE(12);
      ipOff = 14;
      if (etherType === 0x8100 && p.data.length >= 18) [etherType, ipOff] = [p.data.readUInt16BE(16), 18];
      if (etherType !== 0x0800) continue;
    } else if (pcap.linkType === LINKTYPE_LINUX_SLL) {
      if (p.data.length < 16 || p.data.readUInt16BE(14) !== 0x0800) continue;
      ipOff = 16;
    } else if (pcap.linkType === LINKTYPE_LINUX_SLL2) {
      if (p.data.length < 20 || p.data.readUInt16BE(0) !== 0x0800) continue;
      ipOff = 20;
    } else if (pcap.linkType === LINKTYPE_RAW) {
      ipOff = 0;
    } else {
      throw new HarnessError("INVALID_INPUT", `pcap link type ${pcap.linkType} is not supported (Ethernet, Linux SLL and SLL2, raw IP are)`);
    }
    const d = p.data;
    if (d.length < ipOff + 20 || d[ipOff]! >> 4 !== 4) continue;
    const ihl = (d[ipOff]! & 0x0f) * 4;
    const totalLength = d.readUInt16BE(ipOff + 2);
    if (d[ipOff + 9] !== 6 || ihl < 20) continue;
    const tcpOff = ipOff + ihl;
    if (d.length < tcpOff + 20) continue;
    const dataOff = (d[tcpOff + 12]! >> 4) * 4;
    const end = Math.min(d.length, ipOff + totalLength);
    const payloadStart = tcpOff + dataOff;
    out.push({
      packet: p.index,
      fileOffset: (fileOffsets?.get(p.index) ?? p.offset + 16) + payloadStart,
      src: ip4(d, ipOff + 12),
      dst: ip4(d, ipOff + 16),
      srcPort: d.readUInt16BE(tcpOff),
      dstPort: d.readUInt16BE(tcpOff + 2),
      seq: d.readUInt32BE(tcpOff + 4),
      flags: d[tcpOff + 13]!,
      payload: payloadStart < end ? d.subarray(payloadStart, end) : Buffer.alloc(0),
    });
  }
  return out;
}

/** Groups segments into one stream per direction and orders payload by sequence number (duplicates dropped). */
export function reassemble(segments: TcpSegment[]): TcpStream[] {
  const byKey = new Map<string, TcpSegment[]>();
  for (const s of segments) {
    const key = `${s.src}:${s.srcPort} → ${s.dst}:${s.dstPort}`;
    byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  const streams: TcpStream[] = [];
  for (const [key, segs] of byKey) {
    const first = segs[0]!;
    const syn = segs.find((s) => s.flags & 0x02);
    // sequence numbers relative to the first byte (SYN consumes one)
    const base = syn ? (syn.seq + 1) >>> 0 : Math.min(...segs.filter((s) => s.payload.length > 0).map((s) => s.seq), first.seq);
    const withData = segs
      .filter((s) => s.payload.length > 0)
      .map((s) => ({ s, rel: (s.seq - base) >>> 0 }))
      .filter((x) => x.rel < 0x80000000)
      .sort((a, b) => a.rel - b.rel);
    const parts: Buffer[] = [];
    const chunks: TcpStream["chunks"] = [];
    const gaps: TcpStream["gaps"] = [];
    let length = 0;
    let next = 0;
    for (const { s, rel } of withData) {
      const end = rel + s.payload.length;
      if (end <= next) continue; // retransmission
      const skip = Math.max(0, next - rel);
      if (rel > next) {
        // a gap (lost in capture): the bytes on either side are joined, and the gap is recorded where it lies
        gaps.push({ streamOffset: length, missing: rel - next });
        next = rel;
      }
      const part = s.payload.subarray(skip);
      chunks.push({ streamOffset: length, length: part.length, packet: s.packet, fileOffset: s.fileOffset + skip });
      parts.push(part);
      length += part.length;
      next = end;
    }
    streams.push({ key, src: first.src, srcPort: first.srcPort, dst: first.dst, dstPort: first.dstPort, data: Buffer.concat(parts), chunks, gaps, packets: segs.length });
  }
  return streams.sort((a, b) => b.data.length - a.data.length);
}

/** The stream's bytes before its first capture gap: what a record-by-record walk (TLS) can trust to be aligned. */
export function capturedPrefix(s: TcpStream): Buffer {
  return s.gaps.length > 0 ? s.data.subarray(0, s.gaps[0]!.streamOffset) : s.data;
}

/** Where byte `at` of a stream came from: its pcap packet and file offset (-1 when unknown). */
export function locate(s: TcpStream, at: number): { packet: number; fileOffset: number } {
  const chunk = s.chunks.find((c) => at >= c.streamOffset && at < c.streamOffset + c.length);
  return chunk ? { packet: chunk.packet, fileOffset: chunk.fileOffset + (at - chunk.streamOffset) } : { packet: -1, fileOffset: -1 };
}

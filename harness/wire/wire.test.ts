import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { isHarnessError } from "../errors/harness-error.ts";
import { countTlsRecords, findCanary, shannonEntropy } from "./payload-analysis.ts";
import { readPcap } from "./pcap-reader.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wireTlsChecker } from "../checkers/wire-tls-checker.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { capturedPrefix, reassemble, tcpSegments } from "./tcp-flows.ts";
import { pcapFile, tcpFrame } from "./pcap-test-support.ts";

const A = "198.18.1.3";
const B = "198.18.1.5";

describe("readPcap", () => {
  it("reads little- and big-endian classic pcap and records each packet's file offset", () => {
    for (const bigEndian of [false, true]) {
      const p = readPcap(pcapFile([tcpFrame(A, B, 1000, 2000, 1, 0x18, Buffer.from("hello"))], { bigEndian }));
      expect(p.linkType).toBe(1);
      expect(p.packets).toHaveLength(1);
      expect(p.packets[0]!.offset).toBe(24);
      expect(p.packets[0]!.time).toBeCloseTo(1700000000.0005, 6);
    }
  });

  it("drops a truncated last record (capture still being written) but keeps the rest", () => {
    const f = pcapFile([tcpFrame(A, B, 1, 2, 1, 0x18, Buffer.from("one")), tcpFrame(A, B, 1, 2, 4, 0x18, Buffer.from("two"))]);
    expect(readPcap(f.subarray(0, f.length - 3)).packets).toHaveLength(1);
  });

  it("rejects bad input with an error naming what and where", () => {
    const bad = Buffer.alloc(24);
    bad.writeUInt32LE(0xdeadbeef, 0);
    expect(() => readPcap(bad, "x.pcap")).toThrow(/x\.pcap: bad magic 0xdeadbeef at offset 0/);
    expect(() => readPcap(Buffer.alloc(10), "y.pcap")).toThrow(/y\.pcap: 10 bytes is too short/);
    const ng = Buffer.alloc(24);
    ng.writeUInt32LE(0x0a0d0d0a, 0);
    expect(() => readPcap(ng)).toThrow(/pcapng/);
    const huge = pcapFile([tcpFrame(A, B, 1, 2, 1, 0x18, Buffer.from("x"))]);
    huge.writeUInt32LE(0x7fffffff, 24 + 8);
    expect(() => readPcap(huge, "z.pcap")).toThrow(/z\.pcap: record 0 at offset 24 claims/);
  });

  it("never throws anything but a HarnessError on mutated input", () => {
    const good = pcapFile([tcpFrame(A, B, 1, 2, 1, 0x18, Buffer.from("payload-payload")), tcpFrame(B, A, 2, 1, 9, 0x10, Buffer.alloc(0))]);
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const m = Buffer.from(good.subarray(0, rnd(good.length + 1)));
      for (let k = 0; k < 3 && m.length > 0; k++) m[rnd(m.length)] = rnd(256);
      try {
        reassemble(tcpSegments(readPcap(m)));
      } catch (e) {
        expect(isHarnessError(e)).toBe(true);
      }
    }
  });
});

describe("TCP reassembly", () => {
  it("decodes Linux SLL2 frames (tcpdump -i any)", () => {
    const eth = tcpFrame(A, B, 5, 6, 1, 0x18, Buffer.from("via-any"));
    const sll2 = Buffer.alloc(20);
    sll2.writeUInt16BE(0x0800, 0);
    const file = pcapFile([Buffer.concat([sll2, eth.subarray(14)])]);
    file.writeUInt32LE(276, 20);
    expect(reassemble(tcpSegments(readPcap(file)))[0]!.data.toString()).toBe("via-any");
  });

  it("orders out-of-order segments, drops retransmissions, keeps directions apart", () => {
    const frames = [
      tcpFrame(A, B, 40000, 7337, 99, 0x02, Buffer.alloc(0)), // SYN, seq 99 → data starts at 100
      tcpFrame(A, B, 40000, 7337, 106, 0x18, Buffer.from("world")),
      tcpFrame(A, B, 40000, 7337, 100, 0x18, Buffer.from("hello ")),
      tcpFrame(A, B, 40000, 7337, 100, 0x18, Buffer.from("hello ")), // retransmission
      tcpFrame(B, A, 7337, 40000, 5000, 0x18, Buffer.from("reply")),
    ];
    const streams = reassemble(tcpSegments(readPcap(pcapFile(frames))));
    const fwd = streams.find((s) => s.srcPort === 40000)!;
    expect(fwd.data.toString()).toBe("hello world");
    expect(fwd.key).toBe(`${A}:40000 → ${B}:7337`);
    expect(streams.find((s) => s.srcPort === 7337)!.data.toString()).toBe("reply");
  });

  it("finds a canary split across two segments and points at its packet and file offset", () => {
    const frames = [tcpFrame(A, B, 1, 2, 1000, 0x18, Buffer.from("xxSHIELD")), tcpFrame(A, B, 1, 2, 1008, 0x18, Buffer.from("LAB-CANARYyy"))];
    const file = pcapFile(frames);
    const hits = findCanary(reassemble(tcpSegments(readPcap(file))), "SHIELDLAB-CANARY");
    expect(hits).toHaveLength(1);
    expect(hits[0]!.streamOffset).toBe(2);
    expect(file.subarray(hits[0]!.fileOffset, hits[0]!.fileOffset + 6).toString()).toBe("SHIELD");
    expect(findCanary(reassemble(tcpSegments(readPcap(file))), "NOT-THERE")).toEqual([]);
  });
});

describe("payload analysis", () => {
  it("entropy: random bytes near 8, text far below, empty 0", () => {
    expect(shannonEntropy(randomBytes(256 * 1024))).toBeGreaterThan(7.99);
    expect(shannonEntropy(Buffer.from("abcdefghijklmnopqrstuvwxyz".repeat(1000)))).toBeCloseTo(Math.log2(26), 3);
    expect(shannonEntropy(Buffer.alloc(0))).toBe(0);
  });

  it("counts TLS records from a handshake and stops at non-TLS bytes", () => {
    const rec = (type: number, len: number): Buffer => Buffer.concat([Buffer.from([type, 3, 3, len >> 8, len & 0xff]), Buffer.alloc(len)]);
    const tls = Buffer.concat([rec(22, 100), rec(20, 1), rec(23, 500)]);
    expect(countTlsRecords(tls)).toEqual({ records: 3, handshake: true, walkedBytes: tls.length });
    expect(countTlsRecords(Buffer.from("GET / HTTP/1.1\r\n")).records).toBe(0);
  });
});

describe("capture gaps (packets tcpdump dropped)", () => {
  const rec = (type: number, len: number): Buffer => Buffer.concat([Buffer.from([type, 3, 3, len >> 8, len & 0xff]), randomBytes(len)]);
  /** One stream A → B sent as 1000-byte segments, with the segments at `drop` missing from the capture. */
  const captured = (payload: Buffer, drop: number[]): Buffer[] => {
    const frames: Buffer[] = [tcpFrame(A, B, 40000, 7337, 99, 0x02, Buffer.alloc(0))];
    for (let off = 0, i = 0; off < payload.length; off += 1000, i++) if (!drop.includes(i)) frames.push(tcpFrame(A, B, 40000, 7337, 100 + off, 0x18, payload.subarray(off, off + 1000)));
    return frames;
  };
  const tlsStream = Buffer.concat([rec(22, 100), rec(23, 3000), rec(23, 3000), rec(23, 3000)]);
  const check = (frames: Buffer[], expect: "tls" | "none") => {
    const dir = mkdtempSync(join(tmpdir(), "shieldlab-gap-"));
    writeFileSync(join(dir, "nm-1.pcap"), pcapFile(frames));
    return wireTlsChecker.check({ kind: "wire-tls", expect, minStreamBytes: 1024 }, new ScenarioEvidence(new History(), new Map(), "/nonexistent", dir)) as { valid: unknown; message: string };
  };

  it("reassembly records where bytes are missing; the prefix before the first gap is what a walk can trust", () => {
    const s = reassemble(tcpSegments(readPcap(pcapFile(captured(tlsStream, [4])))))[0]!;
    expect(s.gaps).toEqual([{ streamOffset: 4000, missing: 1000 }]);
    expect(s.data.length).toBe(tlsStream.length - 1000);
    expect(capturedPrefix(s).equals(tlsStream.subarray(0, 4000))).toBe(true);
    // walked across the gap, the records are misaligned: the joined bytes do not read as TLS to the end
    expect(countTlsRecords(s.data).walkedBytes).toBeLessThan(0.9 * s.data.length);
  });

  it("a TLS stream with a capture gap is still TLS; a plaintext one with a gap is still not", () => {
    expect(check(captured(tlsStream, [4]), "tls").valid).toBe(true);
    const plain = Buffer.from("GET /jobs HTTP/1.1\r\nHost: driver\r\n\r\n".repeat(250));
    const r = check(captured(plain, [4]), "tls");
    expect(r.valid).toBe(false);
    expect(check(captured(plain, [4]), "none").valid).toBe(true);
  });

  it("a stream with too little captured before its first gap is left out, and said so", () => {
    const r = check(captured(tlsStream, [0]), "tls");
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("1 more stream(s) left out: fewer than 1024 bytes captured before a capture gap");
  });
});

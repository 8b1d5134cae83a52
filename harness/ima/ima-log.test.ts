import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatAsciiLine, parseAsciiLog, writeAsciiLog } from "./ima-ascii-log.ts";
import { encodeBinaryRecord, parseBinaryLog, writeBinaryLog } from "./ima-binary-log.ts";
import { sampleLog } from "./ima-sample-log.ts";
import { decodeImaNg, encodeImaNg, imaNgEntry, violationEntry } from "./ima-template.ts";
import { thrownHarnessError } from "../errors/thrown-error.ts";

const digest32 = Buffer.from(Array.from({ length: 32 }, (_, i) => i)); // 00 01 … 1f

const messageOf = (fn: () => unknown): string => thrownHarnessError(fn, "INVALID_INPUT").message;

describe("ima-ng template data", () => {
  // hand-assembled: le32 40 ‖ "sha256" ':' NUL ‖ 32-byte digest ‖ le32 3 ‖ "/a" NUL
  const expected = Buffer.from(
    "28000000" + "736861323536" + "3a" + "00" + digest32.toString("hex") + "03000000" + "2f61" + "00",
    "hex",
  );

  it("is le32 len ‖ d-ng ‖ le32 len ‖ n-ng, byte for byte", () => {
    const data = encodeImaNg("sha256", digest32, "/a");
    expect(data.length).toBe(51);
    expect(data.equals(expected)).toBe(true);
    expect(decodeImaNg(data, "t")).toEqual({ algo: "sha256", digest: digest32, path: "/a" });
  });

  it("hashes to SHA-1 of those bytes, and the binary record and ASCII line carry it", () => {
    const e = imaNgEntry("/a", digest32);
    const hash = createHash("sha1").update(expected).digest();
    expect(e.templateHash.equals(hash)).toBe(true);
    const record = Buffer.concat([Buffer.from("0a000000", "hex"), hash, Buffer.from("06000000", "hex"), Buffer.from("ima-ng"), Buffer.from("33000000", "hex"), expected]);
    expect(encodeBinaryRecord(e).equals(record)).toBe(true);
    expect(formatAsciiLine(e)).toBe(`10 ${hash.toString("hex")} ima-ng sha256:${digest32.toString("hex")} /a`);
  });

  it("logs a violation with zero template hash and zero file digest", () => {
    const v = violationEntry("/tmp/x");
    expect(formatAsciiLine(v)).toBe(`10 ${"0".repeat(40)} ima-ng sha256:${"0".repeat(64)} /tmp/x`);
  });

  it("pads a one-digit PCR like the kernel's %2d", () => {
    expect(formatAsciiLine(imaNgEntry("/k", digest32, { pcr: 4 })).startsWith(" 4 ")).toBe(true);
    expect(parseAsciiLog(formatAsciiLine(imaNgEntry("/k", digest32, { pcr: 4 })) + "\n")[0]!.pcr).toBe(4);
  });

  it("refuses a digest of the wrong size and a path with a NUL", () => {
    expect(messageOf(() => encodeImaNg("sha256", Buffer.alloc(20), "/a"))).toMatch(/sha256 digest has 32 bytes, got 20/);
    expect(messageOf(() => encodeImaNg("sha256", digest32, "/a\0b"))).toMatch(/NUL/);
  });
});

describe("ASCII and binary logs", () => {
  it("round-trip through both writers and parsers", () => {
    const log = sampleLog();
    const bin = writeBinaryLog(log);
    const fromBin = parseBinaryLog(bin);
    expect(fromBin.consumed).toBe(bin.length);
    expect(fromBin.entries).toEqual(log);
    const ascii = writeAsciiLog(log);
    expect(ascii.split("\n")[0]).toMatch(/^10 [0-9a-f]{40} ima-ng sha256:0{64} boot_aggregate$/);
    expect(parseAsciiLog(ascii)).toEqual(log);
    expect(writeBinaryLog(parseAsciiLog(ascii)).equals(bin)).toBe(true);
    expect(writeAsciiLog(parseBinaryLog(bin).entries)).toBe(ascii);
  });

  it("round-trip sha1, sha384 and sha512 file digests", () => {
    const log = (["sha1", "sha384", "sha512"] as const).map((algo) => imaNgEntry(`/f-${algo}`, createHash(algo).update(algo).digest(), { algo }));
    expect(parseBinaryLog(writeBinaryLog(log)).entries).toEqual(log);
    expect(parseAsciiLog(writeAsciiLog(log))).toEqual(log);
  });

  it("names the record index and the record's byte offset for every truncation", () => {
    const log = sampleLog();
    const bin = writeBinaryLog(log);
    const start2 = writeBinaryLog(log.slice(0, 2)).length;
    const end2 = writeBinaryLog(log.slice(0, 3)).length;
    for (let cut = start2 + 1; cut < end2; cut++) {
      expect(messageOf(() => parseBinaryLog(bin.subarray(0, cut)))).toMatch(new RegExp(`^binary IMA log record 2 at byte ${start2}: `));
    }
    expect(parseBinaryLog(bin.subarray(0, start2)).entries).toHaveLength(2);
  });

  it("rejects garbled records with the typed error", () => {
    const log = sampleLog();
    const bin = writeBinaryLog(log);
    const at1 = encodeBinaryRecord(log[0]!).length;
    const garble = (offset: number, value: number): Buffer => {
      const b = Buffer.from(bin);
      b.writeUInt32LE(value, offset);
      return b;
    };
    expect(messageOf(() => parseBinaryLog(garble(at1, 99)))).toMatch(`record 1 at byte ${at1}: PCR index 99; allowed: 0..63`);
    expect(messageOf(() => parseBinaryLog(garble(at1 + 24, 0)))).toMatch(`record 1 at byte ${at1}: template name length 0`);
    expect(messageOf(() => parseBinaryLog(garble(at1 + 24, 7)))).toMatch(new RegExp(`record 1 at byte ${at1}: template "ima-ng."; the emulation reads ima-ng only`));
    expect(messageOf(() => parseBinaryLog(garble(at1 + 34, 0xffffffff)))).toMatch(`record 1 at byte ${at1}: template data length 4294967295`);
    // d-ng length inside the template data
    expect(messageOf(() => parseBinaryLog(garble(at1 + 38, 41)))).toMatch(`record 1 at byte ${at1}: ima-ng template data: d-ng`);
    const nameGarbled = Buffer.from(bin);
    nameGarbled.write("ima-sg", at1 + 28, "latin1");
    expect(messageOf(() => parseBinaryLog(nameGarbled))).toMatch(`record 1 at byte ${at1}: template "ima-sg"; the emulation reads ima-ng only`);
  });

  it("stops before an incomplete last record when asked to (a growing log)", () => {
    const bin = writeBinaryLog(sampleLog());
    const r = parseBinaryLog(bin.subarray(0, bin.length - 3), { allowPartialTail: true });
    expect(r.entries).toHaveLength(4);
    expect(r.consumed).toBe(writeBinaryLog(sampleLog().slice(0, 4)).length);
  });

  it("names line and column of a bad ASCII line", () => {
    const good = writeAsciiLog(sampleLog()).split("\n");
    const text = (bad: string): string => [good[0], bad, ""].join("\n");
    const hash = "a".repeat(40);
    expect(messageOf(() => parseAsciiLog(text(`10 ${hash} ima-ng sha256:${"0".repeat(63)} /x`)))).toMatch(/^ascii IMA log line 2, column 59: a sha256 digest is 64/);
    expect(messageOf(() => parseAsciiLog(text(`10 ${hash.slice(1)} ima-ng sha256:${"0".repeat(64)} /x`)))).toMatch(/line 2, column 4: template hash/);
    expect(messageOf(() => parseAsciiLog(text(`10 ${hash} ima-sig sha256:${"0".repeat(64)} /x`)))).toMatch(/line 2, column 45: template "ima-sig"/);
    expect(messageOf(() => parseAsciiLog(text(`xx ${hash} ima-ng sha256:${"0".repeat(64)} /x`)))).toMatch(/line 2, column 1: PCR "xx"/);
    expect(messageOf(() => parseAsciiLog(text(`10 ${hash} ima-ng md4:${"0".repeat(32)} /x`)))).toMatch(/line 2, column 52: file digest must be <algo>:<hex>/);
    expect(messageOf(() => parseAsciiLog(text(`10 ${hash} ima-ng`)))).toMatch(/line 2, column 51: the line ends after the template name/);
  });
});

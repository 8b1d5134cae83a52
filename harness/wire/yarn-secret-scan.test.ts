import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TcpStream } from "./tcp-flows.ts";
import { findSparkSecrets } from "./yarn-secret-scan.ts";

const stream = (data: Buffer): TcpStream => ({ key: "a:1 → b:8041", src: "a", srcPort: 1, dst: "b", dstPort: 8041, data, chunks: [{ streamOffset: 0, length: data.length, packet: 3, fileOffset: 1000 }], gaps: [], packets: 1 });

describe("findSparkSecrets", () => {
  it("finds the sparkCookie credential (Writable Text alias, vint length, bytes) and reports only its hash", () => {
    const secret = Buffer.from("ab".repeat(32));
    const data = Buffer.concat([Buffer.from("junk"), Buffer.from([11]), Buffer.from("sparkCookie"), Buffer.from([64]), secret, Buffer.from("tail")]);
    const [hit, ...rest] = findSparkSecrets([stream(data)]);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ streamOffset: 4, packet: 3, fileOffset: 1004, secretLength: 64 });
    expect(hit!.secretSha256).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(hit)).not.toContain("abab");
  });

  it("ignores the word without the Text length prefix, and a truncated value", () => {
    expect(findSparkSecrets([stream(Buffer.from("the sparkCookie alias in prose"))])).toEqual([]);
    const cut = Buffer.concat([Buffer.from([11]), Buffer.from("sparkCookie"), Buffer.from([64]), Buffer.from("ab")]);
    expect(findSparkSecrets([stream(cut)])).toEqual([]);
  });
});

import { createHash } from "node:crypto";
import { encode } from "cbor2";
import { describe, expect, it } from "vitest";
import { isHarnessError } from "../../errors/harness-error.ts";
import { decodeClaimsBuffer, encodeClaimsBuffer, hashSpki, teeChallenge } from "./ratls-claims.ts";

const spki = new Uint8Array(91).fill(7);
const nonce = new Uint8Array(32).fill(0xab);

function expectRatlsError(f: () => unknown, text: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(isHarnessError(e, "RATLS_INVALID")).toBe(true);
    expect((e as Error).message).toMatch(text);
    return;
  }
  throw new Error("expected RATLS_INVALID");
}

describe("claims buffer", () => {
  it("has the interoperable RA-TLS byte layout", () => {
    const buf = encodeClaimsBuffer(spki, nonce);
    const h = createHash("sha256").update(spki).digest();
    // a2 (map of 2) | 6b "pubkey-hash" | 58 24 bstr(36) [ 82 01 58 20 <32> ] | 65 "nonce" | 58 20 <32>
    const expected = Buffer.concat([
      Buffer.from("a26b7075626b65792d68617368582482015820", "hex"),
      h,
      Buffer.from("656e6f6e63655820", "hex"),
      Buffer.from(nonce),
    ]);
    expect(Buffer.from(buf).toString("hex")).toBe(expected.toString("hex"));
  });

  it("round-trips with each hash algorithm, nonce optional", () => {
    for (const alg of ["sha-256", "sha-384", "sha-512"] as const) {
      const c = decodeClaimsBuffer(encodeClaimsBuffer(spki, nonce, alg));
      expect(c.pubkeyHashAlg).toBe(alg);
      expect(Buffer.from(c.pubkeyHash).equals(Buffer.from(hashSpki(spki, alg)))).toBe(true);
      expect(Buffer.from(c.nonce!).equals(Buffer.from(nonce))).toBe(true);
    }
    expect(decodeClaimsBuffer(encodeClaimsBuffer(spki)).nonce).toBeUndefined();
  });

  it("challenge is SHA-256 of the buffer zero-padded to 64 bytes", () => {
    const buf = encodeClaimsBuffer(spki, nonce);
    const ch = teeChallenge(buf);
    expect(ch.length).toBe(64);
    expect(Buffer.from(ch.subarray(0, 32)).equals(createHash("sha256").update(buf).digest())).toBe(true);
    expect(ch.subarray(32).every((b) => b === 0)).toBe(true);
  });

  it("refuses malformed buffers with typed errors naming the field", () => {
    const entry = (v: unknown): Uint8Array => encode(v);
    const map = (m: Map<unknown, unknown>): Uint8Array => encode(m);
    const good = new Uint8Array(encode([1, new Uint8Array(32)]));
    expectRatlsError(() => decodeClaimsBuffer(new Uint8Array()), /empty/);
    expectRatlsError(() => decodeClaimsBuffer(new Uint8Array([0xff])), /well-formed/);
    expectRatlsError(() => decodeClaimsBuffer(encode([1, 2])), /expected a map/);
    expectRatlsError(() => decodeClaimsBuffer(map(new Map([["nonce", nonce]]))), /no "pubkey-hash"/);
    expectRatlsError(() => decodeClaimsBuffer(map(new Map<unknown, unknown>([["pubkey-hash", good], ["extra", 1]]))), /unknown key "extra"/);
    expectRatlsError(() => decodeClaimsBuffer(map(new Map([["pubkey-hash", "text"]]))), /expected a bstr/);
    expectRatlsError(() => decodeClaimsBuffer(map(new Map([["pubkey-hash", entry([2, new Uint8Array(32)])]]))), /alg-id is 2/);
    expectRatlsError(() => decodeClaimsBuffer(map(new Map([["pubkey-hash", entry([7, new Uint8Array(32)])]]))), /sha-384 needs 48/);
    expectRatlsError(() => decodeClaimsBuffer(map(new Map([["pubkey-hash", entry([1])]]))), /hash-entry/);
    expectRatlsError(() => decodeClaimsBuffer(map(new Map<unknown, unknown>([["pubkey-hash", good], ["nonce", 5]]))), /"nonce" is a number/);
    expectRatlsError(() => decodeClaimsBuffer(map(new Map<unknown, unknown>([["pubkey-hash", good], ["nonce", new Uint8Array()]]))), /"nonce" is 0 bytes/);
    // trailing bytes after the map
    expectRatlsError(() => decodeClaimsBuffer(new Uint8Array([...encodeClaimsBuffer(spki), 0])), /well-formed/);
  });
});

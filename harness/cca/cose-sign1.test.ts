import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeCbor, encodeCbor, Tag } from "./cca-cbor.ts";
import { coseSignatureValid, decodeCoseSign1, sigStructure, signCoseSign1 } from "./cose-sign1.ts";
import { expectInvalid, hex, testKeys } from "./cca-test-support.ts";

const payload = new Uint8Array([0xa1, 0x0a, 0x41, 0x00]);

describe("COSE_Sign1", () => {
  it("writes tag 18 and the protected header a1 01 38 22 for ES384 with a 96-byte raw signature", () => {
    const bytes = signCoseSign1(payload, testKeys.rak.privateKey, "ES384");
    // d2 = tag 18, 84 = array(4), 44 = bstr(4) a1 01 38 22 = {1: -35}, a0 = {}, 44 = bstr(4) payload, 58 60 = bstr(96)
    expect(hex(bytes.subarray(0, 13))).toBe("d28444a1013822a044a10a4100");
    expect(hex(bytes.subarray(13, 15))).toBe("5860");
    expect(bytes.length).toBe(15 + 96);
    const msg = decodeCoseSign1(bytes, "t");
    expect(msg.alg).toBe("ES384");
    expect(coseSignatureValid(msg, testKeys.rak.publicKey)).toBe(true);
  });

  it("writes the protected header a1 01 26 for ES256 with a 64-byte signature", () => {
    const msg = decodeCoseSign1(signCoseSign1(payload, testKeys.cpakEs256.privateKey, "ES256"), "t");
    expect(hex(msg.protectedHeader)).toBe("a10126");
    expect(msg.signature.length).toBe(64);
    expect(coseSignatureValid(msg, testKeys.cpakEs256.publicKey)).toBe(true);
  });

  it("signs the Sig_structure [\"Signature1\", protected, h'', payload]", () => {
    const tbs = sigStructure(new Uint8Array([0xa1, 0x01, 0x38, 0x22]), payload);
    // 84 array(4), 6a "Signature1", 44 a1013822, 40 h'', 44 payload
    expect(hex(tbs)).toBe("846a5369676e61747572653144a1013822404" + "4a10a4100");
  });

  it("refuses a flipped payload bit, another key, and a key on the wrong curve", () => {
    const bytes = signCoseSign1(payload, testKeys.rak.privateKey, "ES384");
    const msg = decodeCoseSign1(bytes, "t");
    expect(coseSignatureValid({ ...msg, payload: new Uint8Array([0xa1, 0x0a, 0x41, 0x01]) }, testKeys.rak.publicKey)).toBe(false);
    expect(coseSignatureValid(msg, testKeys.cpak.publicKey)).toBe(false);
    expect(coseSignatureValid(msg, testKeys.cpakEs256.publicKey)).toBe(false);
    expect(() => signCoseSign1(payload, testKeys.cpakEs256.privateKey, "ES384")).toThrow(/expected secp384r1/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    expect(coseSignatureValid(msg, rsa.publicKey)).toBe(false);
  });

  it("names what is wrong with a malformed COSE_Sign1", () => {
    const good = decodeCbor(signCoseSign1(payload, testKeys.rak.privateKey, "ES384"), "t") as Tag;
    const parts = good.contents as unknown[];
    expectInvalid(() => decodeCoseSign1(encodeCbor(parts), "realm token"), "realm token is an array of 4; expected tag 18");
    expectInvalid(() => decodeCoseSign1(encodeCbor(new Tag(98, parts)), "realm token"), "has tag 98; expected tag 18");
    expectInvalid(() => decodeCoseSign1(encodeCbor(new Tag(18, parts.slice(0, 3))), "realm token"), "has 3 elements; expected 4");
    const withAlg = (alg: number): Uint8Array => encodeCbor(new Tag(18, [encodeCbor(new Map([[1, alg]])), new Map(), payload, parts[3]]));
    expectInvalid(() => decodeCoseSign1(withAlg(-36), "realm token"), "realm token protected header alg (1) is -36; expected -7 (ES256) or -35 (ES384)");
    expectInvalid(() => decodeCoseSign1(withAlg(-7), "realm token"), "realm token signature is 96 bytes; expected 64");
    expectInvalid(() => decodeCoseSign1(encodeCbor(new Tag(18, [parts[0], [], payload, parts[3]])), "t"), "t unprotected header is an array of 0; expected a map");
  });
});

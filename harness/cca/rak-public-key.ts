// The Realm Attestation Key's public half as claim 44237: a raw 97-byte P-384 point, or a COSE_Key (profile form).
import { createPublicKey, type KeyObject } from "node:crypto";
import { decodeCbor, encodeCbor, invalidToken, readBytes, readMap } from "./cca-cbor.ts";
import { keyCurve } from "./cose-sign1.ts";

export type RakKeyEncoding = "raw" | "cose-key";
const COORD = 48;
export const RAW_P384_POINT_BYTES = 1 + 2 * COORD;
/** DER SubjectPublicKeyInfo header for an uncompressed P-384 point (id-ecPublicKey, secp384r1, BIT STRING). */
const P384_SPKI_PREFIX = Buffer.from("3076301006072a8648ce3d020106052b81040022036200", "hex");

function coordinates(key: KeyObject): { x: Uint8Array; y: Uint8Array } {
  if (keyCurve(key) !== "secp384r1") throw invalidToken(`the RAK must be a P-384 key; got ${keyCurve(key) ?? key.asymmetricKeyType}`);
  const jwk = (key.type === "private" ? createPublicKey(key) : key).export({ format: "jwk" });
  return { x: new Uint8Array(Buffer.from(jwk.x ?? "", "base64url")), y: new Uint8Array(Buffer.from(jwk.y ?? "", "base64url")) };
}

/** Claim 44237 bytes for a P-384 key: 0x04 ‖ x ‖ y, or COSE_Key {1: 2 (EC2), -1: 2 (P-384), -2: x, -3: y}. */
export function encodeRakPublicKey(key: KeyObject, encoding: RakKeyEncoding): Uint8Array {
  const { x, y } = coordinates(key);
  if (encoding === "raw") {
    const out = new Uint8Array(RAW_P384_POINT_BYTES);
    out[0] = 0x04;
    out.set(x, 1);
    out.set(y, 1 + COORD);
    return out;
  }
  return encodeCbor(new Map<number, unknown>([[1, 2], [-1, 2], [-2, x], [-3, y]]));
}

/** Parses claim 44237 in the given encoding into a public key; refuses points off the curve. */
export function decodeRakPublicKey(bytes: Uint8Array, encoding: RakKeyEncoding, where: string): KeyObject {
  let x: Uint8Array;
  let y: Uint8Array;
  if (encoding === "raw") {
    if (bytes.length !== RAW_P384_POINT_BYTES)
      throw invalidToken(`${where} is ${bytes.length} bytes; expected ${RAW_P384_POINT_BYTES} (uncompressed P-384 point)`);
    if (bytes[0] !== 0x04) throw invalidToken(`${where} starts with 0x${(bytes[0] ?? 0).toString(16).padStart(2, "0")}; expected 0x04 (uncompressed point)`);
    x = bytes.subarray(1, 1 + COORD);
    y = bytes.subarray(1 + COORD);
  } else {
    const m = readMap(decodeCbor(bytes, `${where} COSE_Key`), `${where} COSE_Key`);
    if (m.get(1) !== 2) throw invalidToken(`${where} COSE_Key kty (1) is ${String(m.get(1))}; expected 2 (EC2)`);
    if (m.get(-1) !== 2) throw invalidToken(`${where} COSE_Key crv (-1) is ${String(m.get(-1))}; expected 2 (P-384)`);
    x = readBytes(m.get(-2), `${where} COSE_Key x (-2)`, [COORD]);
    y = readBytes(m.get(-3), `${where} COSE_Key y (-3)`, [COORD]);
  }
  try {
    return createPublicKey({ key: Buffer.concat([P384_SPKI_PREFIX, Buffer.of(0x04), x, y]), format: "der", type: "spki" });
  } catch (e) {
    throw invalidToken(`${where} is not a point on P-384`, e);
  }
}

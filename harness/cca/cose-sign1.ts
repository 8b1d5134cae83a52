// A minimal COSE_Sign1 (RFC 9052): tag 18, protected {1: alg}, empty unprotected map, ES256/ES384 raw r‖s.
import { sign, verify, type KeyObject } from "node:crypto";
import { Tag, decodeCbor, encodeCbor, invalidToken, plainBytes, readArray, readBytes, readMap, readTag } from "./cca-cbor.ts";

export const COSE_SIGN1_TAG = 18;
export type CoseAlgorithm = "ES256" | "ES384";

interface AlgInfo {
  id: number;
  hash: "sha256" | "sha384";
  curve: "prime256v1" | "secp384r1";
  signatureBytes: number;
}
export const COSE_ALGORITHMS: Record<CoseAlgorithm, AlgInfo> = {
  ES256: { id: -7, hash: "sha256", curve: "prime256v1", signatureBytes: 64 },
  ES384: { id: -35, hash: "sha384", curve: "secp384r1", signatureBytes: 96 },
};

export interface CoseSign1 {
  alg: CoseAlgorithm;
  /** The protected header exactly as carried (the bstr contents). */
  protectedHeader: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
}

/** The bytes that are signed: Sig_structure = ["Signature1", protected, h'', payload]. */
export function sigStructure(protectedHeader: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(["Signature1", plainBytes(protectedHeader), new Uint8Array(0), plainBytes(payload)]);
}

/** The curve a key is on, or undefined for a non-EC key. */
export function keyCurve(key: KeyObject): string | undefined {
  return key.asymmetricKeyType === "ec" ? key.asymmetricKeyDetails?.namedCurve : undefined;
}

/** Signs a payload into a tagged COSE_Sign1; the key must be on the algorithm's curve. */
export function signCoseSign1(payload: Uint8Array, privateKey: KeyObject, alg: CoseAlgorithm): Uint8Array {
  const info = COSE_ALGORITHMS[alg];
  if (keyCurve(privateKey) !== info.curve)
    throw invalidToken(`cannot sign ${alg} with a key on ${keyCurve(privateKey) ?? privateKey.asymmetricKeyType}; expected ${info.curve}`);
  const protectedHeader = encodeCbor(new Map([[1, info.id]]));
  const signature = sign(info.hash, sigStructure(protectedHeader, payload), { key: privateKey, dsaEncoding: "ieee-p1363" });
  return encodeCbor(new Tag(COSE_SIGN1_TAG, [protectedHeader, new Map(), plainBytes(payload), plainBytes(signature)]));
}

/** Parses a tagged COSE_Sign1 and reads the algorithm from its protected header. */
export function decodeCoseSign1(bytes: Uint8Array, where: string): CoseSign1 {
  const arr = readArray(readTag(decodeCbor(bytes, where), COSE_SIGN1_TAG, where), `${where} COSE_Sign1`);
  if (arr.length !== 4) throw invalidToken(`${where} COSE_Sign1 has ${arr.length} elements; expected 4`);
  const protectedHeader = readBytes(arr[0], `${where} protected header`);
  const header = readMap(decodeCbor(protectedHeader, `${where} protected header`), `${where} protected header`);
  readMap(arr[1], `${where} unprotected header`);
  const algId = header.get(1);
  const alg = (Object.keys(COSE_ALGORITHMS) as CoseAlgorithm[]).find((a) => COSE_ALGORITHMS[a].id === algId);
  if (!alg) throw invalidToken(`${where} protected header alg (1) is ${String(algId)}; expected -7 (ES256) or -35 (ES384)`);
  const payload = readBytes(arr[2], `${where} payload`);
  const signature = readBytes(arr[3], `${where} signature`, [COSE_ALGORITHMS[alg].signatureBytes]);
  return { alg, protectedHeader, payload, signature };
}

/** True when the signature verifies under the key; a key on the wrong curve never verifies. */
export function coseSignatureValid(msg: CoseSign1, publicKey: KeyObject): boolean {
  const info = COSE_ALGORITHMS[msg.alg];
  if (keyCurve(publicKey) !== info.curve) return false;
  try {
    return verify(info.hash, sigStructure(msg.protectedHeader, msg.payload), { key: publicKey, dsaEncoding: "ieee-p1363" }, msg.signature);
  } catch {
    return false;
  }
}

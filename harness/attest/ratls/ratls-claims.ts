// The interoperable RA-TLS claims buffer {"pubkey-hash": bstr([alg, H(SPKI)]), "nonce": bstr} and the TEE challenge it yields.
import { createHash } from "node:crypto";
import { decodeRatlsCbor, describe, encodeRatlsCbor, plainBytes, ratlsInvalid } from "./ratls-cbor.ts";

/** IANA Named Information hash algorithm ids that interoperable RA-TLS verifiers must support. */
export const PUBKEY_HASH_ALGS = { "sha-256": 1, "sha-384": 7, "sha-512": 8 } as const;
export type PubkeyHashAlg = keyof typeof PUBKEY_HASH_ALGS;
const BY_ID = new Map<number, { name: PubkeyHashAlg; node: string; size: number }>([
  [1, { name: "sha-256", node: "sha256", size: 32 }],
  [7, { name: "sha-384", node: "sha384", size: 48 }],
  [8, { name: "sha-512", node: "sha512", size: 64 }],
]);
/** TEE challenge size for Arm CCA (realm claim 10). */
export const CHALLENGE_SIZE = 64;
/** Upper bound on a nonce we accept in a claims buffer (the spec sets none; ours are 32 bytes). */
export const MAX_NONCE_BYTES = 1024;

export interface RatlsClaims {
  pubkeyHashAlg: PubkeyHashAlg;
  /** Hash of the DER SubjectPublicKeyInfo of the certificate's key. */
  pubkeyHash: Uint8Array;
  nonce?: Uint8Array;
}

/** Hash of a DER SubjectPublicKeyInfo with one of the RA-TLS algorithms. */
export function hashSpki(spkiDer: Uint8Array, alg: PubkeyHashAlg = "sha-256"): Uint8Array {
  const node = BY_ID.get(PUBKEY_HASH_ALGS[alg])!.node;
  return new Uint8Array(createHash(node).update(spkiDer).digest());
}

/** The claims buffer bytes: a definite-length CBOR map, "pubkey-hash" first, then "nonce" when given. */
export function encodeClaimsBuffer(spkiDer: Uint8Array, nonce?: Uint8Array, alg: PubkeyHashAlg = "sha-256"): Uint8Array {
  const hashEntry = encodeRatlsCbor([PUBKEY_HASH_ALGS[alg], hashSpki(spkiDer, alg)]);
  const m = new Map<string, Uint8Array>([["pubkey-hash", hashEntry]]);
  if (nonce !== undefined) m.set("nonce", plainBytes(nonce));
  return encodeRatlsCbor(m);
}

/** Strict decoder: only the two known text keys, pubkey-hash required, hash size matching its algorithm. */
export function decodeClaimsBuffer(bytes: Uint8Array): RatlsClaims {
  const v = decodeRatlsCbor(bytes, "claims buffer");
  if (!(v instanceof Map)) throw ratlsInvalid(`claims buffer is ${describe(v)}; expected a map`);
  for (const k of v.keys())
    if (k !== "pubkey-hash" && k !== "nonce") throw ratlsInvalid(`claims buffer has unknown key ${typeof k === "string" ? JSON.stringify(k) : describe(k)}`);
  const ph = v.get("pubkey-hash");
  if (ph === undefined) throw ratlsInvalid(`claims buffer has no "pubkey-hash"`);
  if (!(ph instanceof Uint8Array)) throw ratlsInvalid(`claims buffer "pubkey-hash" is ${describe(ph)}; expected a bstr`);
  const entry = decodeRatlsCbor(ph, `claims buffer "pubkey-hash" value`);
  if (!Array.isArray(entry) || entry.length !== 2) throw ratlsInvalid(`"pubkey-hash" hash-entry is ${describe(entry)}; expected [alg-id, hash]`);
  const [id, hash] = entry as [unknown, unknown];
  const alg = typeof id === "number" ? BY_ID.get(id) : undefined;
  if (!alg) throw ratlsInvalid(`"pubkey-hash" alg-id is ${typeof id === "number" ? id : describe(id)}; expected 1 (sha-256), 7 (sha-384) or 8 (sha-512)`);
  if (!(hash instanceof Uint8Array) || hash.length !== alg.size)
    throw ratlsInvalid(`"pubkey-hash" hash is ${describe(hash)}; ${alg.name} needs ${alg.size} bytes`);
  const claims: RatlsClaims = { pubkeyHashAlg: alg.name, pubkeyHash: plainBytes(hash).slice() };
  const nonce = v.get("nonce");
  if (nonce !== undefined) {
    if (!(nonce instanceof Uint8Array)) throw ratlsInvalid(`claims buffer "nonce" is ${describe(nonce)}; expected a bstr`);
    if (nonce.length === 0 || nonce.length > MAX_NONCE_BYTES) throw ratlsInvalid(`claims buffer "nonce" is ${nonce.length} bytes; expected 1–${MAX_NONCE_BYTES}`);
    claims.nonce = plainBytes(nonce).slice();
  }
  return claims;
}

/** The TEE challenge: SHA-256(claims buffer) zero-padded to 64 bytes (what goes into configfs-tsm's inblob). */
export function teeChallenge(claimsBuffer: Uint8Array): Uint8Array {
  const out = new Uint8Array(CHALLENGE_SIZE);
  out.set(createHash("sha256").update(claimsBuffer).digest());
  return out;
}

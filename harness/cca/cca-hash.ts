// The hash algorithm names CCA claims carry ("sha-256", IANA Named Information) mapped to node:crypto.
import { createHash } from "node:crypto";

export type CcaHashAlgorithm = "sha-256" | "sha-384" | "sha-512";
const NODE_NAMES: Record<CcaHashAlgorithm, string> = { "sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512" };
const LENGTHS: Record<CcaHashAlgorithm, number> = { "sha-256": 32, "sha-384": 48, "sha-512": 64 };

/** True for the hash names CCA claims use. */
export function isCcaHashAlgorithm(v: unknown): v is CcaHashAlgorithm {
  return typeof v === "string" && Object.hasOwn(NODE_NAMES, v);
}

/** Digest size in bytes. */
export function digestLength(alg: CcaHashAlgorithm): number {
  return LENGTHS[alg];
}

/** H(part1 ‖ part2 ‖ …) as a plain Uint8Array. */
export function ccaDigest(alg: CcaHashAlgorithm, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash(NODE_NAMES[alg]);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

// Realm Extensible Measurements: REM' = H(REM ‖ value) from zeros, as TF-RMM's do_extend.
import { HarnessError } from "../errors/harness-error.ts";
import { ccaDigest, digestLength, type CcaHashAlgorithm } from "./cca-hash.ts";

export type RemHashAlgorithm = Extract<CcaHashAlgorithm, "sha-256" | "sha-512">;
/** RSI_MEASUREMENT_EXTEND carries at most 64 bytes of data. */
export const MAX_EXTEND_BYTES = 64;
export const REM_COUNT = 4;

/** The starting value of a REM: all zeros, one digest long. */
export function initialRem(alg: RemHashAlgorithm): Uint8Array {
  return new Uint8Array(digestLength(alg));
}

/** One extend step; refuses a REM of the wrong length or more than 64 bytes of data. */
export function extendRem(rem: Uint8Array, value: Uint8Array, alg: RemHashAlgorithm): Uint8Array {
  if (rem.length !== digestLength(alg))
    throw new HarnessError("INVALID_INPUT", `REM is ${rem.length} bytes; a ${alg} REM is ${digestLength(alg)} bytes`);
  if (value.length > MAX_EXTEND_BYTES)
    throw new HarnessError("INVALID_INPUT", `REM extend value is ${value.length} bytes; RSI_MEASUREMENT_EXTEND takes at most ${MAX_EXTEND_BYTES}`);
  return ccaDigest(alg, rem, value);
}

/** Replays a sequence of extends from zeros (what a verifier does with an event log). */
export function replayRem(values: Iterable<Uint8Array>, alg: RemHashAlgorithm): Uint8Array {
  let rem = initialRem(alg);
  for (const v of values) rem = extendRem(rem, v, alg);
  return rem;
}

// Strict CBOR for RA-TLS evidence: cbor2 with duplicate keys, streaming and trailing bytes refused; errors are RATLS_INVALID.
import { HarnessError } from "../../errors/harness-error.ts";
import { decodeStrict, describeCbor, encodeInOrder, plainBytes, Tag } from "../../util/strict-cbor.ts";

export { Tag, plainBytes };

/** The typed error every bad RA-TLS input ends in. */
export function ratlsInvalid(message: string, cause?: unknown): HarnessError {
  return new HarnessError("RATLS_INVALID", message, cause === undefined ? {} : { cause });
}

/** Encodes in insertion order (no key sorting), so the byte layout is the caller's. */
export const encodeRatlsCbor = encodeInOrder;

/** Exactly one well-formed CBOR item, or RATLS_INVALID naming `where`. */
export function decodeRatlsCbor(bytes: Uint8Array, where: string): unknown {
  return decodeStrict(bytes, where, ratlsInvalid, 8);
}

/** What a decoded value is, for error messages. */
export const describe = describeCbor;

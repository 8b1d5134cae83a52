// Strict CBOR for RA-TLS evidence: cbor2 with duplicate keys, streaming and trailing bytes refused; errors are RATLS_INVALID.
import { decode, encode, Tag } from "cbor2";
import { HarnessError } from "../errors/harness-error.ts";

export { Tag };

/** The typed error every bad RA-TLS input ends in. */
export function ratlsInvalid(message: string, cause?: unknown): HarnessError {
  return new HarnessError("RATLS_INVALID", message, cause === undefined ? {} : { cause });
}

/** A plain Uint8Array view: cbor2 would encode a Node Buffer as an object, not a bstr. */
export function plainBytes(b: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(b) === Uint8Array.prototype ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Encodes in insertion order (no key sorting), so the byte layout is the caller's. */
export function encodeRatlsCbor(value: unknown): Uint8Array {
  return encode(value);
}

/** Exactly one well-formed CBOR item, or RATLS_INVALID naming `where`. */
export function decodeRatlsCbor(bytes: Uint8Array, where: string): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw ratlsInvalid(`${where} is empty`);
  try {
    return decode(bytes, { ignoreGlobalTags: true, preferMap: true, rejectDuplicateKeys: true, rejectStreaming: true, maxDepth: 8 });
  } catch (e) {
    throw ratlsInvalid(`${where} is not well-formed CBOR: ${(e as Error).message}`, e);
  }
}

/** What a decoded value is, for error messages. */
export function describe(v: unknown): string {
  if (v instanceof Uint8Array) return `a ${v.length}-byte bstr`;
  if (v instanceof Tag) return `tag ${String(v.tag)}`;
  if (v instanceof Map) return "a map";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return v === null ? "null" : `a ${typeof v}`;
}

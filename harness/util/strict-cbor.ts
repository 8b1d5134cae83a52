// Strict CBOR on cbor2, shared by the CCA token and the RA-TLS evidence: insertion-order encoding, and decoding of
// exactly one item with duplicate keys, indefinite lengths and trailing bytes refused; each caller types its errors.
import { decode, encode, Tag } from "cbor2";
import type { HarnessError } from "../errors/harness-error.ts";

export { Tag };

/** A plain Uint8Array view: cbor2 would encode a Node Buffer as an object, not a bstr. */
export function plainBytes(b: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(b) === Uint8Array.prototype ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Encodes in insertion order (no key sorting), so callers control the exact byte layout. */
export function encodeInOrder(value: unknown): Uint8Array {
  return encode(value);
}

/** Exactly one well-formed CBOR item; anything else is `fail(message, cause)` naming `where`. */
export function decodeStrict(bytes: Uint8Array, where: string, fail: (message: string, cause?: unknown) => HarnessError, maxDepth: number): unknown {
  if (!(bytes instanceof Uint8Array)) throw fail(`${where} is not a byte string`);
  if (bytes.length === 0) throw fail(`${where} is empty`);
  try {
    return decode(bytes, { ignoreGlobalTags: true, preferMap: true, rejectDuplicateKeys: true, rejectStreaming: true, maxDepth });
  } catch (e) {
    throw fail(`${where} is not well-formed CBOR: ${(e as Error).message}`, e);
  }
}

/** What a decoded value is, for error messages. */
export function describeCbor(v: unknown): string {
  if (v instanceof Uint8Array) return `a ${v.length}-byte bstr`;
  if (v instanceof Tag) return `tag ${String(v.tag)}`;
  if (v instanceof Map) return "a map";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return v === null ? "null" : `a ${typeof v}`;
}

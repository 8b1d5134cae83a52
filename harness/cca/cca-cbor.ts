// CBOR for CCA tokens: cbor2 with strict decode options, plus typed readers whose errors name the claim.
import { HarnessError } from "../errors/harness-error.ts";
import { decodeStrict, describeCbor, encodeInOrder, plainBytes, Tag } from "../util/strict-cbor.ts";

export { Tag, plainBytes, describeCbor };

/** The typed error every bad CCA token input ends in. */
export function invalidToken(message: string, cause?: unknown): HarnessError {
  return new HarnessError("CCA_TOKEN_INVALID", message, cause === undefined ? {} : { cause });
}

/** Encodes in insertion order (no key sorting), so callers control the exact byte layout. */
export const encodeCbor = encodeInOrder;

/** Decodes exactly one CBOR item; duplicate keys, trailing bytes and indefinite lengths are refused. */
export function decodeCbor(bytes: Uint8Array, where: string): unknown {
  return decodeStrict(bytes, where, invalidToken, 16);
}

/** A CBOR map (decoded as Map), or an error naming `where`. */
export function readMap(v: unknown, where: string): Map<unknown, unknown> {
  if (!(v instanceof Map)) throw invalidToken(`${where} is ${describeCbor(v)}; expected a map`);
  return v;
}

/** A CBOR array, or an error naming `where`. */
export function readArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw invalidToken(`${where} is ${describeCbor(v)}; expected an array`);
  return v;
}

/** A CBOR text string, or an error naming `where`. */
export function readText(v: unknown, where: string): string {
  if (typeof v !== "string") throw invalidToken(`${where} is ${describeCbor(v)}; expected a text string`);
  return v;
}

/** A bstr, optionally of one of the allowed lengths. */
export function readBytes(v: unknown, where: string, sizes?: readonly number[]): Uint8Array {
  if (!(v instanceof Uint8Array)) throw invalidToken(`${where} is ${describeCbor(v)}; expected a bstr`);
  if (sizes && !sizes.includes(v.length)) throw invalidToken(`${where} is ${v.length} bytes; expected ${listSizes(sizes)}`);
  return plainBytes(v);
}

/** An unsigned integer ≤ max (uint16 claims use 0xffff). */
export function readUint(v: unknown, where: string, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || Object.is(v, -0) || v > max)
    throw invalidToken(`${where} is ${typeof v === "number" ? (Object.is(v, -0) ? "-0.0" : String(v)) : describeCbor(v)}; expected an unsigned integer ≤ ${max}`);
  return v;
}

/** A tag with the expected number; returns its contents. */
export function readTag(v: unknown, tag: number, where: string): unknown {
  if (!(v instanceof Tag)) throw invalidToken(`${where} is ${describeCbor(v)}; expected tag ${tag}`);
  if (Number(v.tag) !== tag) throw invalidToken(`${where} has tag ${String(v.tag)}; expected tag ${tag}`);
  return v.contents;
}

/** Refuses keys outside the known set, naming the first stranger. */
export function refuseUnknownKeys(m: Map<unknown, unknown>, known: ReadonlySet<number>, where: string): void {
  for (const k of m.keys()) if (typeof k !== "number" || !known.has(k)) throw invalidToken(`${where} has unknown key ${String(k)}`);
}

function listSizes(sizes: readonly number[]): string {
  if (sizes.length === 1) return String(sizes[0]);
  return `${sizes.slice(0, -1).join(", ")} or ${sizes[sizes.length - 1]}`;
}

// Claims a token carries that this verifier does not know: EAT says ignore them, so they are recorded, never refused.
import { invalidToken, Tag } from "./cca-cbor.ts";

/** One unknown claim: its key and a summary of its value (CBOR type and size), never the value itself. */
export interface UnknownClaim {
  token: "realm" | "platform";
  /** The key in CBOR diagnostic notation: 99999, -7, "name" (JSON-safe also for 64-bit integers). */
  key: string;
  /** "uint", "nint", "bstr", "tstr", "array", "map", "tag 1234", "bool", "null", "undefined", "float", "simple". */
  type: string;
  /** Bytes of a bstr, characters of a tstr, entries of an array or map. */
  size?: number;
}

/** At most this many are recorded per token; the rest are counted in `omitted`. */
export const MAX_RECORDED_UNKNOWN_CLAIMS = 16;

/** The CBOR type and size of a decoded value. */
export function summarizeCbor(v: unknown): { type: string; size?: number } {
  if (v instanceof Uint8Array) return { type: "bstr", size: v.length };
  if (typeof v === "string") return { type: "tstr", size: v.length };
  if (Array.isArray(v)) return { type: "array", size: v.length };
  if (v instanceof Map) return { type: "map", size: v.size };
  if (v instanceof Tag) return { type: `tag ${String(v.tag)}` };
  if (typeof v === "bigint") return { type: v < 0n ? "nint" : "uint" };
  if (typeof v === "number") return { type: Number.isInteger(v) ? (v < 0 ? "nint" : "uint") : "float" };
  if (typeof v === "boolean") return { type: "bool" };
  if (v === null) return { type: "null" };
  if (v === undefined) return { type: "undefined" };
  return { type: "simple" };
}

/** Keys of `m` outside `known`, summarised; integer or text keys only (anything else is a malformed claims map). */
export function collectUnknownClaims(
  m: Map<unknown, unknown>,
  known: ReadonlySet<number>,
  token: UnknownClaim["token"],
): { unknown: UnknownClaim[]; omitted: number } {
  const unknown: UnknownClaim[] = [];
  let omitted = 0;
  for (const [k, v] of m) {
    if (typeof k === "number" && known.has(k)) continue;
    const integer = typeof k === "bigint" || (typeof k === "number" && Number.isInteger(k));
    if (!integer && typeof k !== "string")
      throw invalidToken(`${token} token payload has a key of type ${summarizeCbor(k).type}; claim keys are integers or text`);
    if (unknown.length >= MAX_RECORDED_UNKNOWN_CLAIMS) omitted++;
    else unknown.push({ token, key: integer ? String(k) : textKey(k as string), ...summarizeCbor(v) });
  }
  return { unknown, omitted };
}

const textKey = (k: string): string => JSON.stringify(k.length > 64 ? `${k.slice(0, 64)}…` : k);

/** "realm 99999 (bstr, 3)": one line per unknown claim for an appraisal record. */
export function describeUnknownClaim(c: UnknownClaim): string {
  return `${c.token} ${c.key} (${c.type}${c.size === undefined ? "" : `, ${c.size}`})`;
}

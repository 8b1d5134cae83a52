// A compact JWS (RFC 7515) signed with HMAC-SHA256, as Spark's JWSFilter checks it: `Authorization: Bearer
// <base64url(header)>.<base64url(payload)>.<base64url(HMAC-SHA256(key, header.payload))>`. The filter verifies the
// signature only; the payload is the caller's own. The key is JWSFilter's `secretKey` parameter, base64url-encoded.
import { createHmac } from "node:crypto";

const b64url = (b: Buffer | string): string => Buffer.from(b).toString("base64url");

/** A token for `payload`, signed with the base64url-encoded key (≥ 256 bits, as jjwt requires for HS256). */
export function signJws(keyBase64url: string, payload: Record<string, unknown>): string {
  const key = Buffer.from(keyBase64url, "base64url");
  if (key.length < 32) throw new Error(`a JWS HS256 key needs at least 256 bits, got ${key.length * 8}`);
  const head = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${b64url(createHmac("sha256", key).update(head).digest())}`;
}

/** The harness's own token for a cluster behind JWSFilter (its /json/ reads, a step's "valid token"). */
export function harnessJws(keyBase64url: string): string {
  return signJws(keyBase64url, { sub: "shieldlab-harness" });
}

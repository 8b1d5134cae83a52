// The forged-EAR attack (att-forged-ear): the agent turns the verifier's EAR into an affirming one and signs it with a
// fresh key of its own, keeping the verifier's kid in the header, so that only the signature check can catch it.
import { generateEarSigningKey, signEarJwt, type EarClaims } from "../verifier/ear-jwt.ts";

/** A forged copy of `earJwt`: every submod affirming, no reasons, fresh iat, signed by a key that is not the verifier's. */
export function forgeEarJwt(earJwt: string, now = Date.now()): string {
  const [h, p] = earJwt.split(".") as [string, string];
  const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { kid?: string };
  const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as EarClaims;
  const submods = Object.fromEntries(Object.entries(claims.submods ?? {}).map(([k, v]) => [k, { ...v, "ear.status": "affirming" }])) as EarClaims["submods"];
  const forged: EarClaims = { ...claims, iat: Math.floor(now / 1000), submods, reasons: [] };
  const key = generateEarSigningKey();
  // the verifier's kid: the relying party finds the verifier's key and the signature must fail under it
  if (header.kid) key.publicJwk.kid = header.kid;
  return signEarJwt(forged, key);
}

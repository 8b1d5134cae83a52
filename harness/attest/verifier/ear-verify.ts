// What a relying party checks on a signed EAR, in a fixed order, stopping at the first failure (rules kept simple so
// that a Java port gives the same answers): form, alg ES256, kid in the JWKS, signature, profile, iat window, nonce, status.
import { createPublicKey, verify } from "node:crypto";
import { EAR_PROFILE, type EarStatus } from "./ear.ts";
import { EAR_JWS_ALG, type EarClaims } from "./ear-jwt.ts";

/** Why an EAR was refused; "not-affirming" means it verified but does not let the attester in. */
export type EarFailure = "malformed" | "algorithm" | "unknown-key" | "signature" | "profile" | "stale" | "future" | "nonce" | "not-affirming";

export interface EarVerifyOptions {
  /** ms since the epoch (default Date.now()). */
  now?: number;
  /** Oldest acceptable iat, in seconds before now (default 300). */
  maxAgeSeconds?: number;
  /** How far iat may lie in the future, in seconds (clock skew; default 60). */
  futureSkewSeconds?: number;
  /** The nonce the relying party's attester answered; when given, eat_nonce must be its base64url. */
  expectedNonce?: Uint8Array;
}

export interface EarVerification {
  /** True only when every rule passed and every submod is affirming. */
  ok: boolean;
  failure?: EarFailure;
  /** One line: what passed, or which rule failed and why. */
  reason: string;
  /** The worst submod status (set once the signature verified). */
  status?: EarStatus;
  /** The verified claims (set once the signature verified). */
  claims?: EarClaims;
}

/** The members of a JWKS entry this module reads (any other member is ignored). */
export interface JwkLike {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  kid?: string;
}

export const DEFAULT_MAX_AGE_SECONDS = 300;
export const DEFAULT_FUTURE_SKEW_SECONDS = 60;
const B64URL = /^[A-Za-z0-9_-]*$/;
const WORST_FIRST: readonly EarStatus[] = ["contraindicated", "warning", "none", "affirming"];

/** Verifies a compact-JWS EAR against a JWKS (`{keys: [...]}`); never throws. */
export function verifyEarJwt(jwt: string, jwks: { keys: readonly JwkLike[] }, o: EarVerifyOptions = {}): EarVerification {
  const fail = (failure: EarFailure, reason: string, extra: Partial<EarVerification> = {}): EarVerification => ({ ok: false, failure, reason, ...extra });
  const parts = typeof jwt === "string" ? jwt.trim().split(".") : [];
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return fail("malformed", "not a compact JWS (three base64url parts separated by dots)");
  const [h, p, s] = parts as [string, string, string];
  const header = jsonObject(h);
  if (!header) return fail("malformed", "the JWS header is not a base64url JSON object");
  if (header["alg"] !== EAR_JWS_ALG) return fail("algorithm", `alg is ${JSON.stringify(header["alg"])}; only ${EAR_JWS_ALG} is accepted`);
  const kid = header["kid"];
  const jwk = typeof kid === "string" ? jwks.keys.find((k) => k.kid === kid && k.kty === "EC" && k.crv === "P-256") : undefined;
  if (!jwk) return fail("unknown-key", `kid ${JSON.stringify(kid)} is not a P-256 key in the JWKS (${jwks.keys.length} key(s))`);
  let good = false;
  try {
    const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: "jwk" });
    good = verify("sha256", Buffer.from(`${h}.${p}`, "ascii"), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url"));
  } catch {
    good = false;
  }
  if (!good) return fail("signature", `the ES256 signature does not verify under key ${kid}`);
  const claims = jsonObject(p) as EarClaims | undefined;
  if (!claims) return fail("malformed", "the JWS payload is not a JSON object");
  const status = worstStatus(claims);
  const seen = { claims, ...(status ? { status } : {}) };
  if (claims.eat_profile !== EAR_PROFILE || !status) return fail("profile", `not an EAR: eat_profile ${JSON.stringify(claims.eat_profile)} (expected ${EAR_PROFILE}) and at least one submod with ear.status are required`, seen);
  const now = Math.floor((o.now ?? Date.now()) / 1000);
  const maxAge = o.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  const skew = o.futureSkewSeconds ?? DEFAULT_FUTURE_SKEW_SECONDS;
  if (!Number.isInteger(claims.iat)) return fail("malformed", `iat is ${JSON.stringify(claims.iat)}; expected integer seconds`, seen);
  if (now - claims.iat > maxAge) return fail("stale", `issued ${now - claims.iat} s ago; at most ${maxAge} s is accepted`, seen);
  if (claims.iat - now > skew) return fail("future", `issued ${claims.iat - now} s in the future; at most ${skew} s of clock skew is accepted`, seen);
  if (o.expectedNonce) {
    const want = Buffer.from(o.expectedNonce).toString("base64url");
    if (claims.eat_nonce !== want) return fail("nonce", `eat_nonce is ${JSON.stringify(claims.eat_nonce)}; expected ${want}`, seen);
  }
  if (status !== "affirming") return fail("not-affirming", `signed and fresh, but ear.status is ${status}${reasonsOf(claims)}`, seen);
  return { ok: true, reason: `affirming; signed by ${kid}, issued ${now - claims.iat} s ago`, ...seen };
}

/** The worst ear.status over all submods; undefined when there is none (or one is not a known status). */
export function worstStatus(claims: Partial<EarClaims>): EarStatus | undefined {
  const submods = claims.submods as Record<string, { "ear.status"?: unknown }> | undefined;
  if (!submods || typeof submods !== "object") return undefined;
  const statuses = Object.values(submods).map((m) => m?.["ear.status"]);
  if (statuses.length === 0 || statuses.some((x) => !WORST_FIRST.includes(x as EarStatus))) return undefined;
  return WORST_FIRST.find((w) => statuses.includes(w));
}

function reasonsOf(claims: EarClaims): string {
  return Array.isArray(claims.reasons) && claims.reasons.length > 0 ? ` (${claims.reasons.join("; ")})` : "";
}

function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

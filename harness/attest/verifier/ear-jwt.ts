// Signed EARs: the EAR claims as a compact JWS (ES256, RFC 7515/7519) and the verifier's public key as a JWKS.
// node:crypto only (the verifier bundle runs on Node 18, which has no global WebCrypto for JOSE libraries).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, type JsonWebKey } from "node:crypto";
import { HarnessError } from "../../errors/harness-error.ts";
import type { Ear } from "./ear.ts";

export const EAR_JWS_ALG = "ES256";
/** Where the verifier serves its public keys (RFC 8414 §3 / OpenID Discovery's conventional JWKS path). */
export const JWKS_PATH = "/.well-known/jwks.json";

/** The claims set of a signed EAR: the EAR plus `eat_nonce` (base64url of the verifier's challenge, when known). */
export type EarClaims = Ear & { eat_nonce?: string };

/** A P-256 public key as a JWK, with its RFC 7638 thumbprint as `kid`. */
export interface EarPublicJwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
  kid: string;
  alg: typeof EAR_JWS_ALG;
  use: "sig";
}
export interface Jwks {
  keys: EarPublicJwk[];
}

/** The verifier's EAR signing key; the private half never leaves the verifier (not logged, not served). */
export interface EarSigningKey {
  privateKey: KeyObject;
  publicJwk: EarPublicJwk;
}

const b64url = (b: Uint8Array | string): string => Buffer.from(b).toString("base64url");

/** RFC 7638 thumbprint (SHA-256, base64url) of an EC public key: members crv, kty, x, y in that order. */
export function jwkThumbprint(jwk: { crv?: string; kty?: string; x?: string; y?: string }): string {
  return b64url(createHash("sha256").update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest());
}

/** Wraps a P-256 private key (KeyObject or private JWK) as a signing key; anything else is INVALID_INPUT. */
export function earSigningKey(key: KeyObject | JsonWebKey): EarSigningKey {
  const privateKey = key instanceof KeyObject ? key : createPrivateKey({ key, format: "jwk" });
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ec" || privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1")
    throw new HarnessError("INVALID_INPUT", `the EAR signing key must be a P-256 private key, got ${privateKey.type} ${privateKey.asymmetricKeyType} ${privateKey.asymmetricKeyDetails?.namedCurve ?? ""}`);
  const pub = createPublicKey(privateKey).export({ format: "jwk" });
  const publicJwk: EarPublicJwk = { kty: "EC", crv: "P-256", x: pub.x!, y: pub.y!, kid: jwkThumbprint(pub), alg: EAR_JWS_ALG, use: "sig" };
  return { privateKey, publicJwk };
}

/** A fresh P-256 signing key. */
export function generateEarSigningKey(): EarSigningKey {
  return earSigningKey(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
}

/** The JWKS the verifier publishes: public members only. */
export function publicJwks(...keys: EarSigningKey[]): Jwks {
  return { keys: keys.map((k) => ({ ...k.publicJwk })) };
}

/** The EAR claims for one appraisal: the EAR and, when the evidence carried one, the nonce it answered. */
export function earClaims(ear: Ear, nonce?: Uint8Array): EarClaims {
  return nonce && nonce.length > 0 ? { ...ear, eat_nonce: b64url(nonce) } : { ...ear };
}

/** Compact JWS of the claims: base64url(header).base64url(payload).base64url(r ‖ s), header {alg ES256, typ JWT, kid}. */
export function signEarJwt(claims: EarClaims, key: EarSigningKey): string {
  const header = b64url(JSON.stringify({ alg: EAR_JWS_ALG, typ: "JWT", kid: key.publicJwk.kid }));
  const payload = b64url(JSON.stringify(claims));
  const signingInput = `${header}.${payload}`;
  const sig = sign("sha256", Buffer.from(signingInput, "ascii"), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${signingInput}.${b64url(sig)}`;
}

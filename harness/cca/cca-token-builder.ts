// Signs realm and platform claims into COSE_Sign1 sub-tokens and wraps them in a collection.
import type { KeyObject } from "node:crypto";
import { encodeCbor } from "./cca-cbor.ts";
import { encodeCcaCollection, type CollectionForm } from "./cca-collection.ts";
import { signCoseSign1, type CoseAlgorithm } from "./cose-sign1.ts";
import { platformClaimsMap, type PlatformClaims } from "./platform-claims.ts";
import { realmClaimsMap, type RealmClaims } from "./realm-claims.ts";

/** Claims as typed values, or as a raw map (tests use that to build tokens that break the rules). */
export type ClaimsInput<T> = T | Map<number, unknown>;

export interface CcaTokenParts {
  realmClaims: ClaimsInput<RealmClaims>;
  /** P-384 private RAK; the realm token is always ES384. */
  rakPrivateKey: KeyObject;
  /** Omit for a realm-only (virtCCA) token. */
  platform?: { claims: ClaimsInput<PlatformClaims>; cpakPrivateKey: KeyObject; algorithm?: CoseAlgorithm };
  form?: CollectionForm;
}

/** The realm token: ES384 COSE_Sign1 over the claims, in TF-RMM key order when typed. */
export function signRealmToken(claims: ClaimsInput<RealmClaims>, rakPrivateKey: KeyObject): Uint8Array {
  return signCoseSign1(encodeCbor(claims instanceof Map ? claims : realmClaimsMap(claims)), rakPrivateKey, "ES384");
}

/** The platform token, signed by the CPAK (ES384 by default, ES256 selectable). */
export function signPlatformToken(claims: ClaimsInput<PlatformClaims>, cpakPrivateKey: KeyObject, algorithm: CoseAlgorithm = "ES384"): Uint8Array {
  return signCoseSign1(encodeCbor(claims instanceof Map ? claims : platformClaimsMap(claims)), cpakPrivateKey, algorithm);
}

/** A complete token (collection bytes); no claim validation, the verifier does that. */
export function buildCcaToken(parts: CcaTokenParts): Uint8Array {
  const realmToken = signRealmToken(parts.realmClaims, parts.rakPrivateKey);
  const form = parts.form ?? "tag399";
  if (!parts.platform) return encodeCcaCollection({ form, realmToken });
  const p = parts.platform;
  return encodeCcaCollection({ form, platformToken: signPlatformToken(p.claims, p.cpakPrivateKey, p.algorithm), realmToken });
}

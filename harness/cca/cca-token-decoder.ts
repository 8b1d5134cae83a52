// Decodes a CCA attestation token (tag 399, tag 907, or realm-only virtCCA) into typed, size-checked claims.
import type { KeyObject } from "node:crypto";
import { decodeCbor, invalidToken, readMap } from "./cca-cbor.ts";
import { decodeCcaCollection, type CollectionForm } from "./cca-collection.ts";
import { decodeCoseSign1, type CoseSign1 } from "./cose-sign1.ts";
import { KNOWN_PLATFORM_LABELS, parsePlatformClaims, type PlatformClaims } from "./platform-claims.ts";
import { decodeRakPublicKey } from "./rak-public-key.ts";
import { realmFormatOf, type RealmTokenFormat } from "./realm-token-format.ts";
import { KNOWN_REALM_LABELS, parseRealmClaims, realmWhere, type RealmClaims } from "./realm-claims.ts";
import { collectUnknownClaims, type UnknownClaim } from "./unknown-claims.ts";

/** "cca": platform + realm token (Arm RMM); "virtcca": realm-only token with 7 claims (Huawei virtCCA). */
export type CcaFlavour = "cca" | "virtcca";
export const VIRTCCA_REALM_CLAIM_COUNT = 7;

export interface DecodedCcaToken {
  form: CollectionForm;
  flavour: CcaFlavour;
  /** The realm claims' shape: "realm-2.0", "tf-rmm-0.8" (profile 1.0 with a text MEC policy), "realm-1.0" or "legacy" (no 265). */
  realmFormat: RealmTokenFormat;
  realm: { claims: RealmClaims; cose: CoseSign1; rakPublicKey: KeyObject };
  platform?: { claims: PlatformClaims; cose: CoseSign1 };
  /** Claims neither profile defines (EAT: ignored, so recorded here), realm first; at most 16 per token. */
  unknownClaims: UnknownClaim[];
  /** Unknown claims beyond the recorded ones. */
  unknownClaimsOmitted: number;
}

/** Structure and size rules only; signatures and the binding are checked by verifyCcaToken. */
export function decodeCcaToken(bytes: Uint8Array): DecodedCcaToken {
  const collection = decodeCcaCollection(bytes);
  const realmCose = decodeCoseSign1(collection.realmToken, "realm token");
  if (realmCose.alg !== "ES384") throw invalidToken(`realm token is signed ${realmCose.alg}; the RAK signs ES384`);
  const realmMap = readMap(decodeCbor(realmCose.payload, "realm token payload"), "realm token payload");
  const claims = parseRealmClaims(realmMap);
  const realmUnknown = collectUnknownClaims(realmMap, KNOWN_REALM_LABELS, "realm");
  const flavour: CcaFlavour = collection.platformToken ? "cca" : "virtcca";
  if (flavour === "virtcca") {
    const count = realmMap.size;
    if (count !== VIRTCCA_REALM_CLAIM_COUNT || claims.profile !== undefined)
      throw invalidToken(`realm-only (virtCCA) token has ${count} realm claims${claims.profile ? " including 265 (profile)" : ""}; expected exactly ${VIRTCCA_REALM_CLAIM_COUNT}, without 265`);
  }
  const rakPublicKey = decodeRakPublicKey(claims.publicKey, claims.profile ? "cose-key" : "raw", realmWhere(44237));
  const realm = { claims, cose: realmCose, rakPublicKey };
  const base = { form: collection.form, flavour, realmFormat: realmFormatOf(claims), realm };
  if (!collection.platformToken) return { ...base, unknownClaims: realmUnknown.unknown, unknownClaimsOmitted: realmUnknown.omitted };
  const platformCose = decodeCoseSign1(collection.platformToken, "platform token");
  const platformMap = readMap(decodeCbor(platformCose.payload, "platform token payload"), "platform token payload");
  const platformClaims = parsePlatformClaims(platformMap);
  const platformUnknown = collectUnknownClaims(platformMap, KNOWN_PLATFORM_LABELS, "platform");
  return {
    ...base,
    platform: { claims: platformClaims, cose: platformCose },
    unknownClaims: [...realmUnknown.unknown, ...platformUnknown.unknown],
    unknownClaimsOmitted: realmUnknown.omitted + platformUnknown.omitted,
  };
}

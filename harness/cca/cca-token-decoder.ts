// Decodes a CCA attestation token (tag 399, tag 907, or realm-only virtCCA) into typed, size-checked claims.
import type { KeyObject } from "node:crypto";
import { decodeCbor, invalidToken } from "./cca-cbor.ts";
import { decodeCcaCollection, type CollectionForm } from "./cca-collection.ts";
import { decodeCoseSign1, type CoseSign1 } from "./cose-sign1.ts";
import { parsePlatformClaims, type PlatformClaims } from "./platform-claims.ts";
import { decodeRakPublicKey } from "./rak-public-key.ts";
import { parseRealmClaims, realmWhere, type RealmClaims } from "./realm-claims.ts";

/** "cca": platform + realm token (Arm RMM); "virtcca": realm-only token with 7 claims (Huawei virtCCA). */
export type CcaFlavour = "cca" | "virtcca";
export const VIRTCCA_REALM_CLAIM_COUNT = 7;

export interface DecodedCcaToken {
  form: CollectionForm;
  flavour: CcaFlavour;
  realm: { claims: RealmClaims; cose: CoseSign1; rakPublicKey: KeyObject };
  platform?: { claims: PlatformClaims; cose: CoseSign1 };
}

/** Structure and size rules only; signatures and the binding are checked by verifyCcaToken. */
export function decodeCcaToken(bytes: Uint8Array): DecodedCcaToken {
  const collection = decodeCcaCollection(bytes);
  const realmCose = decodeCoseSign1(collection.realmToken, "realm token");
  if (realmCose.alg !== "ES384") throw invalidToken(`realm token is signed ${realmCose.alg}; the RAK signs ES384`);
  const realmMap = decodeCbor(realmCose.payload, "realm token payload");
  const claims = parseRealmClaims(realmMap);
  const flavour: CcaFlavour = collection.platformToken ? "cca" : "virtcca";
  if (flavour === "virtcca") {
    const count = (realmMap as Map<unknown, unknown>).size;
    if (count !== VIRTCCA_REALM_CLAIM_COUNT || claims.profile !== undefined)
      throw invalidToken(`realm-only (virtCCA) token has ${count} realm claims${claims.profile ? " including 265 (profile)" : ""}; expected exactly ${VIRTCCA_REALM_CLAIM_COUNT}, without 265`);
  }
  const rakPublicKey = decodeRakPublicKey(claims.publicKey, claims.profile ? "cose-key" : "raw", realmWhere(44237));
  const realm = { claims, cose: realmCose, rakPublicKey };
  if (!collection.platformToken) return { form: collection.form, flavour, realm };
  const platformCose = decodeCoseSign1(collection.platformToken, "platform token");
  const platformClaims = parsePlatformClaims(decodeCbor(platformCose.payload, "platform token payload"));
  return { form: collection.form, flavour, realm, platform: { claims: platformClaims, cose: platformCose } };
}

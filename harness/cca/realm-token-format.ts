// The realm token shapes the emulator emits and the decoder names: profile 2.0, TF-RMM 0.8's, profile 1.0, legacy.
import type { CollectionForm } from "./cca-collection.ts";
import { REALM_PROFILE_1_0, REALM_PROFILE_2_0, type RealmClaims, type RealmProfile } from "./realm-claims.ts";
import type { RakKeyEncoding } from "./rak-public-key.ts";

/**
 * "realm-2.0": realm profile tag:arm.com,2024:realm#2.0.0 with realm instance id (256) and MEC policy (44243, an
 *   integer), COSE_Key RAK, tag 907 CMW collection: TF-RMM main since 72aea692 (RMM spec 2.0; the default).
 * "tf-rmm-0.8": realm profile tag:arm.com,2023:realm#1.0.0 with the MEC policy (44243) as text ("shared" |
 *   "private"), COSE_Key RAK, tag 399: what TF-RMM v0.8.0 emits (fake-host build included). TF-RMM v0.9.0 emits the
 *   same realm token in a tag 907 collection (form "cmw907"; tag 399 when built with DOWNREV_CCA_TOKEN_TOP_FORMAT).
 * "realm-1.0": realm profile tag:arm.com,2023:realm#1.0.0, COSE_Key RAK, tag 399 (RMM 1.0, draft-ffm-rats-cca-token-00;
 *   TF-RMM v0.6.0–v0.7.0).
 * "legacy": no realm profile, the RAK as a raw 97-byte P-384 point, tag 399 (the shape virtCCA parsers expect).
 */
export const REALM_TOKEN_FORMATS = ["realm-2.0", "tf-rmm-0.8", "realm-1.0", "legacy"] as const;
export type RealmTokenFormat = (typeof REALM_TOKEN_FORMATS)[number];
export const DEFAULT_REALM_TOKEN_FORMAT: RealmTokenFormat = "realm-2.0";

export interface RealmTokenShape {
  profile?: RealmProfile;
  rakEncoding: RakKeyEncoding;
  /** The collection form the RMM of that generation emits by default. */
  form: CollectionForm;
  /** Emits the realm instance id (256). */
  instanceId: boolean;
  /** Emits the MEC policy (44243), encoded as the profile carries it (realm-claims.ts mecPolicyEncoding). */
  mecPolicy: boolean;
}

export const REALM_TOKEN_SHAPES: Record<RealmTokenFormat, RealmTokenShape> = {
  "realm-2.0": { profile: REALM_PROFILE_2_0, rakEncoding: "cose-key", form: "cmw907", instanceId: true, mecPolicy: true },
  "tf-rmm-0.8": { profile: REALM_PROFILE_1_0, rakEncoding: "cose-key", form: "tag399", instanceId: false, mecPolicy: true },
  "realm-1.0": { profile: REALM_PROFILE_1_0, rakEncoding: "cose-key", form: "tag399", instanceId: false, mecPolicy: false },
  legacy: { rakEncoding: "raw", form: "tag399", instanceId: false, mecPolicy: false },
};

/** The format decoded realm claims have: their profile (265), and under profile 1.0 whether the MEC policy is there. */
export function realmFormatOf(claims: Pick<RealmClaims, "profile" | "mecPolicy">): RealmTokenFormat {
  if (claims.profile === REALM_PROFILE_2_0) return "realm-2.0";
  if (claims.profile === REALM_PROFILE_1_0) return claims.mecPolicy === undefined ? "realm-1.0" : "tf-rmm-0.8";
  return "legacy";
}

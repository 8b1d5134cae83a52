// The realm token shapes the emulator emits and the decoder names: profile 2.0 (current TF-RMM), profile 1.0, legacy.
import type { CollectionForm } from "./cca-collection.ts";
import { REALM_PROFILE_1_0, REALM_PROFILE_2_0, type RealmProfile } from "./realm-claims.ts";
import type { RakKeyEncoding } from "./rak-public-key.ts";

/**
 * "realm-2.0": realm profile tag:arm.com,2024:realm#2.0.0 with realm instance id (256) and MEC policy (44243),
 *   COSE_Key RAK, tag 907 CMW collection: what current TF-RMM emits (the default).
 * "realm-1.0": realm profile tag:arm.com,2023:realm#1.0.0, COSE_Key RAK, tag 399 (RMM 1.0, draft-ffm-rats-cca-token-00).
 * "legacy": no realm profile, the RAK as a raw 97-byte P-384 point, tag 399 (the shape virtCCA parsers expect).
 */
export const REALM_TOKEN_FORMATS = ["realm-2.0", "realm-1.0", "legacy"] as const;
export type RealmTokenFormat = (typeof REALM_TOKEN_FORMATS)[number];
export const DEFAULT_REALM_TOKEN_FORMAT: RealmTokenFormat = "realm-2.0";

export interface RealmTokenShape {
  profile?: RealmProfile;
  rakEncoding: RakKeyEncoding;
  /** The collection form the RMM of that generation emits by default. */
  form: CollectionForm;
  /** Emits the realm instance id (256) and MEC policy (44243). */
  v2Claims: boolean;
}

export const REALM_TOKEN_SHAPES: Record<RealmTokenFormat, RealmTokenShape> = {
  "realm-2.0": { profile: REALM_PROFILE_2_0, rakEncoding: "cose-key", form: "cmw907", v2Claims: true },
  "realm-1.0": { profile: REALM_PROFILE_1_0, rakEncoding: "cose-key", form: "tag399", v2Claims: false },
  legacy: { rakEncoding: "raw", form: "tag399", v2Claims: false },
};

/** The format a decoded realm profile claim (or its absence) names. */
export function realmFormatOf(profile: RealmProfile | undefined): RealmTokenFormat {
  return profile === REALM_PROFILE_2_0 ? "realm-2.0" : profile === REALM_PROFILE_1_0 ? "realm-1.0" : "legacy";
}

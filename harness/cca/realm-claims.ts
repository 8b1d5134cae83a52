// Realm token claims (RMM spec, A7.2.3.1): typed form, TF-RMM's encoding order, and a decoder with every size rule.
import { invalidToken, readArray, readBytes, readMap, readText, refuseUnknownKeys } from "./cca-cbor.ts";
import { RAW_P384_POINT_BYTES } from "./rak-public-key.ts";
import type { RemHashAlgorithm } from "./rem-extend.ts";

export const REALM_LABEL = {
  challenge: 10,
  personalizationValue: 44235,
  hashAlgorithm: 44236,
  publicKey: 44237,
  initialMeasurement: 44238,
  extensibleMeasurements: 44239,
  publicKeyHashAlgorithm: 44240,
  profile: 265,
} as const;
export const REALM_PROFILE = "tag:arm.com,2023:realm#1.0.0";
/** TF-RMM writes the claims in this order (attest_realm_token_create); decoders accept any order. */
export const TF_RMM_REALM_ORDER = [10, 44235, 44237, 44236, 44240, 265, 44238, 44239] as const;
const NAMES: Record<number, string> = {
  10: "challenge",
  44235: "personalization value",
  44236: "hash algorithm",
  44237: "RAK public key",
  44238: "RIM",
  44239: "REMs",
  44240: "RAK hash algorithm",
  265: "profile",
};
const MEASUREMENT_SIZES = [32, 48, 64] as const;

export interface RealmClaims {
  challenge: Uint8Array;
  personalizationValue: Uint8Array;
  /** Algorithm of the RIM and REMs. */
  hashAlgorithm: RemHashAlgorithm;
  /** The exact bytes of claim 44237 (raw point, or COSE_Key when the profile is present). */
  publicKey: Uint8Array;
  publicKeyHashAlgorithm: "sha-256";
  profile?: typeof REALM_PROFILE;
  initialMeasurement: Uint8Array;
  extensibleMeasurements: [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
}

/** "realm claim 44238 (RIM)", the prefix of every realm error. */
export function realmWhere(label: number): string {
  return `realm claim ${label} (${NAMES[label] ?? "unknown"})`;
}

/** The claims map in TF-RMM's key order; no validation, so tests can build bad tokens. */
export function realmClaimsMap(c: RealmClaims): Map<number, unknown> {
  const values: Record<number, unknown> = {
    10: c.challenge,
    44235: c.personalizationValue,
    44237: c.publicKey,
    44236: c.hashAlgorithm,
    44240: c.publicKeyHashAlgorithm,
    265: c.profile,
    44238: c.initialMeasurement,
    44239: [...c.extensibleMeasurements],
  };
  const m = new Map<number, unknown>();
  for (const label of TF_RMM_REALM_ORDER) if (values[label] !== undefined) m.set(label, values[label]);
  return m;
}

/** Reads and checks the realm claims map: every claim present (265 optional), every size rule. */
export function parseRealmClaims(v: unknown): RealmClaims {
  const m = readMap(v, "realm token payload");
  refuseUnknownKeys(m, new Set(TF_RMM_REALM_ORDER), "realm token payload");
  const get = (label: number): unknown => {
    if (!m.has(label)) throw invalidToken(`${realmWhere(label)} is missing`);
    return m.get(label);
  };
  const hashAlgorithm = readText(get(44236), realmWhere(44236));
  if (hashAlgorithm !== "sha-256" && hashAlgorithm !== "sha-512")
    throw invalidToken(`${realmWhere(44236)} is ${JSON.stringify(hashAlgorithm)}; expected "sha-256" or "sha-512"`);
  const rakHash = readText(get(44240), realmWhere(44240));
  if (rakHash !== "sha-256") throw invalidToken(`${realmWhere(44240)} is ${JSON.stringify(rakHash)}; expected "sha-256"`);
  let profile: typeof REALM_PROFILE | undefined;
  if (m.has(265)) {
    const p = readText(m.get(265), realmWhere(265));
    if (p !== REALM_PROFILE) throw invalidToken(`${realmWhere(265)} is ${JSON.stringify(p)}; expected ${JSON.stringify(REALM_PROFILE)}`);
    profile = p;
  }
  // legacy (no profile): raw point, size checked here; with the profile: a COSE_Key, checked when the key is parsed
  const publicKey = readBytes(get(44237), realmWhere(44237), profile ? undefined : [RAW_P384_POINT_BYTES]);
  const rems = readArray(get(44239), realmWhere(44239));
  if (rems.length !== 4) throw invalidToken(`${realmWhere(44239)} has ${rems.length} entries; expected exactly 4`);
  const rem = (i: number): Uint8Array => readBytes(rems[i], `${realmWhere(44239)} entry ${i}`, MEASUREMENT_SIZES);
  return {
    challenge: readBytes(get(10), realmWhere(10), [64]),
    personalizationValue: readBytes(get(44235), realmWhere(44235), [64]),
    hashAlgorithm,
    publicKey,
    publicKeyHashAlgorithm: rakHash,
    ...(profile ? { profile } : {}),
    initialMeasurement: readBytes(get(44238), realmWhere(44238), MEASUREMENT_SIZES),
    extensibleMeasurements: [rem(0), rem(1), rem(2), rem(3)],
  };
}

// Realm token claims (RMM spec A7.2.3.1) in three shapes: legacy (no profile), profile 1.0 and profile 2.0; encoding order and a strict decoder.
import { describeCbor, invalidToken, readArray, readBytes, readMap, readText, readUint } from "./cca-cbor.ts";
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
  instanceId: 256,
  mecPolicy: 44243,
  lfaPolicy: 44244,
  devicesTokenHash: 44257,
} as const;
/** Realm profile of RMM 1.0 (draft-ffm-rats-cca-token-00): the RAK as a COSE_Key. */
export const REALM_PROFILE_1_0 = "tag:arm.com,2023:realm#1.0.0";
/** Realm profile current TF-RMM emits: adds the realm instance id (256) and the MEC policy (44243). */
export const REALM_PROFILE_2_0 = "tag:arm.com,2024:realm#2.0.0";
/** @deprecated the 1.0 profile; use REALM_PROFILE_1_0 or REALM_PROFILE_2_0. */
export const REALM_PROFILE = REALM_PROFILE_1_0;
export type RealmProfile = typeof REALM_PROFILE_1_0 | typeof REALM_PROFILE_2_0;
export const KNOWN_REALM_PROFILES: readonly RealmProfile[] = [REALM_PROFILE_1_0, REALM_PROFILE_2_0];
/**
 * TF-RMM's key order (app/attestation/el0_app/src/attestation_token.c, attest_app_realm_token_create): main since
 * 72aea692 (profile 2.0) writes 10, 256, 44235, 44237, 44236, 44240, 44243, 265, 44238, 44239; v0.8.0 and v0.9.0 the
 * same without 256; v0.6.0–v0.7.0 also without 44243. No TF-RMM writes 44244 or 44257 yet: their place is ours.
 * Decoders accept any order.
 */
export const TF_RMM_REALM_ORDER = [10, 256, 44235, 44237, 44236, 44240, 44243, 265, 44244, 44257, 44238, 44239] as const;
export const KNOWN_REALM_LABELS: ReadonlySet<number> = new Set(TF_RMM_REALM_ORDER);
/**
 * MEC policy (44243) under profile 2.0 (RMM spec 2.0, TF-RMM main since 72aea692, Veraison ccatoken ClaimsV2): an
 * unsigned integer, 0 shared (also on platforms without FEAT_MEC), 1 private.
 */
export const MEC_POLICY = { shared: 0, private: 1 } as const;
export type MecPolicy = keyof typeof MEC_POLICY;
/** MEC policy (44243) under profile 1.0, as TF-RMM v0.8.0 and v0.9.0 write it (attest_get_mec_policy_text): text. */
export const MEC_POLICY_TEXT: readonly MecPolicy[] = ["shared", "private"];

/**
 * How a realm profile carries 44243: text under 1.0 (TF-RMM v0.8.0, v0.9.0), an unsigned integer under 2.0 (TF-RMM
 * main); no RMM writes it without a profile (undefined).
 */
export function mecPolicyEncoding(profile: RealmProfile | undefined): "text" | "uint" | undefined {
  return profile === REALM_PROFILE_1_0 ? "text" : profile === REALM_PROFILE_2_0 ? "uint" : undefined;
}
/** Live Firmware Activation policy values (44244, optional): 0 disallow, 1 allow. */
export const LFA_POLICY = { disallow: 0, allow: 1 } as const;
export type LfaPolicy = keyof typeof LFA_POLICY;
const NAMES: Record<number, string> = {
  10: "challenge",
  44235: "personalization value",
  44236: "hash algorithm",
  44237: "RAK public key",
  44238: "RIM",
  44239: "REMs",
  44240: "RAK hash algorithm",
  265: "profile",
  256: "realm instance id",
  44243: "MEC policy",
  44244: "LFA policy",
  44257: "devices token hash",
};
const MEASUREMENT_SIZES = [32, 48, 64] as const;
/** EAT UEID of type RAND: 0x01 followed by 32 random bytes. */
export const REALM_INSTANCE_ID_BYTES = 33;

export interface RealmClaims {
  challenge: Uint8Array;
  personalizationValue: Uint8Array;
  /** Algorithm of the RIM and REMs. */
  hashAlgorithm: RemHashAlgorithm;
  /** The exact bytes of claim 44237 (raw point without a profile, COSE_Key with one). */
  publicKey: Uint8Array;
  publicKeyHashAlgorithm: "sha-256";
  /** Absent: the legacy shape. */
  profile?: RealmProfile;
  /** 256: required with profile 2.0. */
  instanceId?: Uint8Array;
  /** 44243: required with profile 2.0 (an integer there); text under profile 1.0 (TF-RMM v0.8.0/v0.9.0). */
  mecPolicy?: MecPolicy;
  /** 44244: optional. */
  lfaPolicy?: LfaPolicy;
  /** 44257: present only when devices are assigned to the realm. */
  devicesTokenHash?: Uint8Array;
  initialMeasurement: Uint8Array;
  extensibleMeasurements: [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
}

/** "realm claim 44238 (RIM)", the prefix of every realm error. */
export function realmWhere(label: number): string {
  return `realm claim ${label} (${NAMES[label] ?? "unknown"})`;
}

/**
 * The claims map in TF-RMM's key order, 44243 encoded as the profile carries it (text under 1.0, else an integer);
 * no validation, so tests can build bad tokens.
 */
export function realmClaimsMap(c: RealmClaims): Map<number, unknown> {
  const values: Record<number, unknown> = {
    10: c.challenge,
    44235: c.personalizationValue,
    44237: c.publicKey,
    44236: c.hashAlgorithm,
    44240: c.publicKeyHashAlgorithm,
    265: c.profile,
    256: c.instanceId,
    44243: c.mecPolicy === undefined ? undefined : mecPolicyEncoding(c.profile) === "text" ? c.mecPolicy : MEC_POLICY[c.mecPolicy],
    44244: c.lfaPolicy === undefined ? undefined : LFA_POLICY[c.lfaPolicy],
    44257: c.devicesTokenHash,
    44238: c.initialMeasurement,
    44239: [...c.extensibleMeasurements],
  };
  const m = new Map<number, unknown>();
  for (const label of TF_RMM_REALM_ORDER) if (values[label] !== undefined) m.set(label, values[label]);
  return m;
}

function readPolicy<K extends string>(v: unknown, label: number, values: Record<K, number>): K {
  const n = readUint(v, realmWhere(label), Number.MAX_SAFE_INTEGER);
  const name = (Object.keys(values) as K[]).find((k) => values[k] === n);
  if (name === undefined)
    throw invalidToken(`${realmWhere(label)} is ${n}; expected ${Object.entries(values).map(([k, x]) => `${String(x)} (${k})`).join(" or ")}`);
  return name;
}

/**
 * 44243 as the token's profile carries it: text "shared" | "private" under 1.0 (TF-RMM v0.8.0, v0.9.0), 0 | 1 under
 * 2.0 (TF-RMM main). The other encoding, and the claim in a token without a profile, no RMM emits: refused.
 */
function readMecPolicy(v: unknown, profile: RealmProfile | undefined): MecPolicy {
  const where = realmWhere(44243);
  const encoding = mecPolicyEncoding(profile);
  if (encoding === undefined)
    throw invalidToken(`${where} is present in a token without a realm profile (265); no RMM writes it there (TF-RMM writes it with profile ${REALM_PROFILE_1_0} as text, with ${REALM_PROFILE_2_0} as an integer)`);
  if (encoding === "uint") {
    if (typeof v === "string")
      throw invalidToken(`${where} is the text ${JSON.stringify(v.slice(0, 80))}; profile ${REALM_PROFILE_2_0} carries an unsigned integer, 0 (shared) or 1 (private) (text is the profile ${REALM_PROFILE_1_0} form)`);
    return readPolicy(v, 44243, MEC_POLICY);
  }
  if (typeof v !== "string")
    throw invalidToken(`${where} is ${typeof v === "number" ? (Object.is(v, -0) ? "-0.0" : String(v)) : describeCbor(v)}; profile ${REALM_PROFILE_1_0} carries it as text, "shared" or "private", as TF-RMM v0.8.0 and v0.9.0 write it (integers are the profile ${REALM_PROFILE_2_0} form)`);
  const name = MEC_POLICY_TEXT.find((k) => k === v);
  if (name === undefined) throw invalidToken(`${where} is ${JSON.stringify(v.slice(0, 80))}; expected "shared" or "private"`);
  return name;
}

/**
 * Reads and checks the realm claims of a known shape: every claim the profile requires, every size and type rule on
 * every known claim that is present. Keys it does not know are left alone (the decoder records them).
 */
export function parseRealmClaims(v: unknown): RealmClaims {
  const m = readMap(v, "realm token payload");
  let profile: RealmProfile | undefined;
  if (m.has(265)) {
    const p = readText(m.get(265), realmWhere(265));
    profile = KNOWN_REALM_PROFILES.find((k) => k === p);
    if (!profile)
      throw invalidToken(`${realmWhere(265)} is ${JSON.stringify(p.slice(0, 80))}, a profile this verifier does not know; it knows ${KNOWN_REALM_PROFILES.map((k) => JSON.stringify(k)).join(" and ")} (and the legacy shape without 265)`);
  }
  const v2 = profile === REALM_PROFILE_2_0;
  const get = (label: number): unknown => {
    if (!m.has(label)) throw invalidToken(`${realmWhere(label)} is missing${v2 && (label === 256 || label === 44243) ? ` (required by profile ${REALM_PROFILE_2_0})` : ""}`);
    return m.get(label);
  };
  const hashAlgorithm = readText(get(44236), realmWhere(44236));
  if (hashAlgorithm !== "sha-256" && hashAlgorithm !== "sha-512")
    throw invalidToken(`${realmWhere(44236)} is ${JSON.stringify(hashAlgorithm.slice(0, 80))}; expected "sha-256" or "sha-512"`);
  const rakHash = readText(get(44240), realmWhere(44240));
  if (rakHash !== "sha-256") throw invalidToken(`${realmWhere(44240)} is ${JSON.stringify(rakHash.slice(0, 80))}; expected "sha-256"`);
  // legacy (no profile): raw point, size checked here; with a profile: a COSE_Key, checked when the key is parsed
  const publicKey = readBytes(get(44237), realmWhere(44237), profile ? undefined : [RAW_P384_POINT_BYTES]);
  const rems = readArray(get(44239), realmWhere(44239));
  if (rems.length !== 4) throw invalidToken(`${realmWhere(44239)} has ${rems.length} entries; expected exactly 4`);
  const rem = (i: number): Uint8Array => readBytes(rems[i], `${realmWhere(44239)} entry ${i}`, MEASUREMENT_SIZES);
  const instanceId = m.has(256) || v2 ? readBytes(get(256), realmWhere(256), [REALM_INSTANCE_ID_BYTES]) : undefined;
  if (instanceId && instanceId[0] !== 0x01)
    throw invalidToken(`${realmWhere(256)} starts with 0x${(instanceId[0] ?? 0).toString(16).padStart(2, "0")}; expected 0x01 (random UEID)`);
  const mecPolicy = m.has(44243) || v2 ? readMecPolicy(get(44243), profile) : undefined;
  const lfaPolicy = m.has(44244) ? readPolicy(m.get(44244), 44244, LFA_POLICY) : undefined;
  const devicesTokenHash = m.has(44257) ? readBytes(m.get(44257), realmWhere(44257), MEASUREMENT_SIZES) : undefined;
  return {
    challenge: readBytes(get(10), realmWhere(10), [64]),
    personalizationValue: readBytes(get(44235), realmWhere(44235), [64]),
    hashAlgorithm,
    publicKey,
    publicKeyHashAlgorithm: rakHash,
    ...(profile ? { profile } : {}),
    ...(instanceId ? { instanceId } : {}),
    ...(mecPolicy !== undefined ? { mecPolicy } : {}),
    ...(lfaPolicy !== undefined ? { lfaPolicy } : {}),
    ...(devicesTokenHash ? { devicesTokenHash } : {}),
    initialMeasurement: readBytes(get(44238), realmWhere(44238), MEASUREMENT_SIZES),
    extensibleMeasurements: [rem(0), rem(1), rem(2), rem(3)],
  };
}

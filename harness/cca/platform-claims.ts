// CCA platform token claims (PSA/CCA platform profile): typed form, encoding, and a decoder with every size rule.
import { invalidToken, readArray, readBytes, readMap, readText, readUint, refuseUnknownKeys } from "./cca-cbor.ts";

export const PLATFORM_PROFILE = "tag:arm.com,2023:cca_platform#1.0.0";
export const LEGACY_PLATFORM_PROFILE = "http://arm.com/CCA-SSD/1.0.0";
/** Encoding order used here (TF-M's is not normative); decoders accept any order. */
export const PLATFORM_ORDER = [265, 10, 2396, 256, 2401, 2395, 2399, 2400, 2402] as const;
export const KNOWN_PLATFORM_LABELS: ReadonlySet<number> = new Set(PLATFORM_ORDER);
const NAMES: Record<number, string> = {
  265: "profile",
  10: "challenge",
  2396: "implementation id",
  256: "instance id",
  2401: "config",
  2395: "lifecycle",
  2399: "sw components",
  2400: "verification service",
  2402: "hash algorithm",
};
const MEASUREMENT_SIZES = [32, 48, 64] as const;
const SW_KEYS = new Set([1, 2, 4, 5, 6]);
/** Security lifecycle "secured" range. */
export const LIFECYCLE_SECURED_MIN = 0x3000;
export const LIFECYCLE_SECURED_MAX = 0x30ff;

export interface SwComponent {
  type?: string;
  measurement: Uint8Array;
  version?: string;
  signerId: Uint8Array;
  hashAlgorithm?: string;
}

export interface PlatformClaims {
  profile: typeof PLATFORM_PROFILE | typeof LEGACY_PLATFORM_PROFILE;
  challenge: Uint8Array;
  implementationId: Uint8Array;
  instanceId: Uint8Array;
  config: Uint8Array;
  lifecycle: number;
  swComponents: SwComponent[];
  verificationService?: string;
  hashAlgorithm: string;
}

/** "platform claim 256 (instance id)", the prefix of every platform error. */
export function platformWhere(label: number): string {
  return `platform claim ${label} (${NAMES[label] ?? "unknown"})`;
}

/** True in the "secured" lifecycle range 0x3000–0x30FF. */
export function isSecuredLifecycle(lifecycle: number): boolean {
  return lifecycle >= LIFECYCLE_SECURED_MIN && lifecycle <= LIFECYCLE_SECURED_MAX;
}

/** The claims map in PLATFORM_ORDER; no validation, so tests can build bad tokens. */
export function platformClaimsMap(c: PlatformClaims): Map<number, unknown> {
  const sw = c.swComponents.map((s) => {
    const m = new Map<number, unknown>();
    if (s.type !== undefined) m.set(1, s.type);
    m.set(2, s.measurement);
    if (s.version !== undefined) m.set(4, s.version);
    m.set(5, s.signerId);
    if (s.hashAlgorithm !== undefined) m.set(6, s.hashAlgorithm);
    return m;
  });
  const values: Record<number, unknown> = {
    265: c.profile,
    10: c.challenge,
    2396: c.implementationId,
    256: c.instanceId,
    2401: c.config,
    2395: c.lifecycle,
    2399: sw,
    2400: c.verificationService,
    2402: c.hashAlgorithm,
  };
  const m = new Map<number, unknown>();
  for (const label of PLATFORM_ORDER) if (values[label] !== undefined) m.set(label, values[label]);
  return m;
}

function parseSwComponent(v: unknown, i: number): SwComponent {
  const where = `${platformWhere(2399)} entry ${i}`;
  const m = readMap(v, where);
  refuseUnknownKeys(m, SW_KEYS, where);
  const need = (k: number, name: string): unknown => {
    if (!m.has(k)) throw invalidToken(`${where} key ${k} (${name}) is missing`);
    return m.get(k);
  };
  const opt = (k: number, name: string): string | undefined => (m.has(k) ? readText(m.get(k), `${where} key ${k} (${name})`) : undefined);
  const type = opt(1, "type");
  const version = opt(4, "version");
  const hashAlgorithm = opt(6, "hash algorithm");
  return {
    ...(type !== undefined ? { type } : {}),
    measurement: readBytes(need(2, "measurement value"), `${where} key 2 (measurement value)`, MEASUREMENT_SIZES),
    ...(version !== undefined ? { version } : {}),
    signerId: readBytes(need(5, "signer id"), `${where} key 5 (signer id)`, MEASUREMENT_SIZES),
    ...(hashAlgorithm !== undefined ? { hashAlgorithm } : {}),
  };
}

/** Reads and checks the platform claims map: every claim present (2400 optional), every size rule; unknown keys are left to the decoder. */
export function parsePlatformClaims(v: unknown): PlatformClaims {
  const m = readMap(v, "platform token payload");
  const get = (label: number): unknown => {
    if (!m.has(label)) throw invalidToken(`${platformWhere(label)} is missing`);
    return m.get(label);
  };
  const profile = readText(get(265), platformWhere(265));
  if (profile !== PLATFORM_PROFILE && profile !== LEGACY_PLATFORM_PROFILE)
    throw invalidToken(`${platformWhere(265)} is ${JSON.stringify(profile)}; expected ${JSON.stringify(PLATFORM_PROFILE)} or ${JSON.stringify(LEGACY_PLATFORM_PROFILE)}`);
  const instanceId = readBytes(get(256), platformWhere(256), [33]);
  if (instanceId[0] !== 0x01)
    throw invalidToken(`${platformWhere(256)} starts with 0x${(instanceId[0] ?? 0).toString(16).padStart(2, "0")}; expected 0x01 (EUID type)`);
  const sw = readArray(get(2399), platformWhere(2399));
  if (sw.length === 0) throw invalidToken(`${platformWhere(2399)} is empty; expected at least one component`);
  const verificationService = m.has(2400) ? readText(m.get(2400), platformWhere(2400)) : undefined;
  return {
    profile,
    challenge: readBytes(get(10), platformWhere(10), MEASUREMENT_SIZES),
    implementationId: readBytes(get(2396), platformWhere(2396), [32]),
    instanceId,
    config: readBytes(get(2401), platformWhere(2401)),
    lifecycle: readUint(get(2395), platformWhere(2395), 0xffff),
    swComponents: sw.map(parseSwComponent),
    ...(verificationService !== undefined ? { verificationService } : {}),
    hashAlgorithm: readText(get(2402), platformWhere(2402)),
  };
}

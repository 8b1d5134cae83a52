// An emulated Arm CCA platform + realm: holds the CPAK and RAK, a RIM and 4 REMs, and answers attestation challenges.
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { HarnessError } from "../errors/harness-error.ts";
import { ccaDigest } from "./cca-hash.ts";
import type { CollectionForm } from "./cca-collection.ts";
import { buildCcaToken } from "./cca-token-builder.ts";
import type { CcaFlavour } from "./cca-token-decoder.ts";
import { COSE_ALGORITHMS, keyCurve, type CoseAlgorithm } from "./cose-sign1.ts";
import { PLATFORM_PROFILE, type PlatformClaims } from "./platform-claims.ts";
import { encodeRakPublicKey } from "./rak-public-key.ts";
import { REALM_INSTANCE_ID_BYTES, realmClaimsMap, type MecPolicy, type RealmClaims } from "./realm-claims.ts";
import { DEFAULT_REALM_TOKEN_FORMAT, REALM_TOKEN_FORMATS, REALM_TOKEN_SHAPES, type RealmTokenFormat, type RealmTokenShape } from "./realm-token-format.ts";
import { extendRem, initialRem, REM_COUNT, type RemHashAlgorithm } from "./rem-extend.ts";

export interface EmulatedCcaRealmOptions {
  /** "cca" (default): platform + realm token; "virtcca": realm-only token, 7 claims, IMA in REM[0]. */
  flavour?: CcaFlavour;
  /**
   * Realm token shape ("cca" only): "realm-2.0" (default: TF-RMM main, profile 2.0 + 256 + integer 44243, COSE_Key
   * RAK, tag 907), "tf-rmm-0.8" (TF-RMM v0.8.0: profile 1.0 + text 44243, COSE_Key RAK, tag 399; with form "cmw907"
   * TF-RMM v0.9.0's), "realm-1.0" (profile 1.0, COSE_Key RAK, tag 399) or "legacy" (no profile, raw RAK, tag 399).
   */
  tokenFormat?: RealmTokenFormat;
  /** Collection form, overriding the format's: tag 399 or the tag 907 CMW form. */
  form?: CollectionForm;
  /** RIM/REM algorithm, realm claim 44236 (default "sha-256"). */
  measurementAlgorithm?: RemHashAlgorithm;
  /** Platform token algorithm (default ES384); the CPAK must be on its curve. */
  platformAlgorithm?: CoseAlgorithm;
  /** Default: a fresh key on the algorithm's curve (see cca-test-keys.ts for the TEST ONLY fixtures). */
  cpakPrivateKey?: KeyObject;
  /** P-384; default: a fresh key. */
  rakPrivateKey?: KeyObject;
  /** Realm Initial Measurement; default: the hash of a fixed label. */
  rim?: Uint8Array;
  /** 64 bytes; default zeros. */
  personalizationValue?: Uint8Array;
  /** @deprecated use tokenFormat: true = "realm-1.0", false = "legacy"; ignored when tokenFormat is given. */
  realmProfile?: boolean;
  /** Realm instance id (256, "realm-2.0"): 33 bytes starting 0x01; default 0x01 ‖ SHA-256 of a label and the RAK. */
  realmInstanceId?: Uint8Array;
  /** MEC policy (44243, "realm-2.0" and "tf-rmm-0.8"); default "shared" (what a platform without FEAT_MEC reports). */
  mecPolicy?: MecPolicy;
  /** Claims appended to the realm token as they are (a newer RMM's claims this verifier does not know; tests). */
  extraRealmClaims?: ReadonlyMap<number, unknown>;
  /** Overrides for the platform claims (challenge is always the RAK binding). */
  platformClaims?: Partial<Omit<PlatformClaims, "challenge">>;
}

const label = (s: string): Uint8Array => new Uint8Array(createHash("sha256").update(`shieldlab emulated cca: ${s}`).digest());

/** Plausible platform claims for an emulated, secured (0x3000) platform. */
export function defaultPlatformClaims(cpakPublicKey: KeyObject): Omit<PlatformClaims, "challenge"> {
  const spki = cpakPublicKey.export({ type: "spki", format: "der" });
  const signerId = label("firmware signer");
  return {
    profile: PLATFORM_PROFILE,
    implementationId: label("implementation"),
    instanceId: new Uint8Array([0x01, ...createHash("sha256").update(spki).digest()]),
    config: new Uint8Array([0xcf, 0x00, 0x00, 0x00]),
    lifecycle: 0x3000,
    swComponents: ["BL1", "BL2", "BL31", "RMM"].map((type) => ({ type, measurement: label(type), version: "1.0.0", signerId, hashAlgorithm: "sha-256" })),
    verificationService: "https://verifier.shieldlab.invalid/",
    hashAlgorithm: "sha-256",
  };
}

/** One emulated CCA machine: a platform (CPAK) hosting one realm (RAK, RIM, 4 REMs). */
export class EmulatedCcaRealm {
  readonly flavour: CcaFlavour;
  readonly measurementAlgorithm: RemHashAlgorithm;
  readonly rim: Uint8Array;
  readonly tokenFormat: RealmTokenFormat;
  readonly #shape: RealmTokenShape;
  readonly #form: CollectionForm;
  readonly #instanceId: Uint8Array;
  readonly #mecPolicy: MecPolicy;
  readonly #extraClaims: ReadonlyMap<number, unknown>;
  readonly #platformAlgorithm: CoseAlgorithm;
  readonly #cpak: KeyObject;
  readonly #rak: KeyObject;
  readonly #personalization: Uint8Array;
  readonly #platformOverrides: Partial<Omit<PlatformClaims, "challenge">>;
  readonly #rems: Uint8Array[];
  #cpakPublic?: KeyObject;
  #rakPublic?: KeyObject;
  #rakClaim?: Uint8Array;
  #platformBase?: Omit<PlatformClaims, "challenge">;

  constructor(o: EmulatedCcaRealmOptions = {}) {
    this.flavour = o.flavour ?? "cca";
    this.measurementAlgorithm = o.measurementAlgorithm ?? "sha-256";
    this.#platformAlgorithm = o.platformAlgorithm ?? "ES384";
    const curve = COSE_ALGORITHMS[this.#platformAlgorithm].curve;
    this.#cpak = o.cpakPrivateKey ?? generateKeyPairSync("ec", { namedCurve: curve }).privateKey;
    if (keyCurve(this.#cpak) !== curve)
      throw new HarnessError("INVALID_INPUT", `cpakPrivateKey is on ${keyCurve(this.#cpak) ?? this.#cpak.asymmetricKeyType}; platformAlgorithm ${this.#platformAlgorithm} needs ${curve}`);
    this.#rak = o.rakPrivateKey ?? generateKeyPairSync("ec", { namedCurve: "secp384r1" }).privateKey;
    if (keyCurve(this.#rak) !== "secp384r1") throw new HarnessError("INVALID_INPUT", `rakPrivateKey must be P-384 (secp384r1)`);
    this.rim = o.rim ?? ccaDigest(this.measurementAlgorithm, new TextEncoder().encode("shieldlab emulated realm image"));
    if (![32, 48, 64].includes(this.rim.length)) throw new HarnessError("INVALID_INPUT", `rim is ${this.rim.length} bytes; expected 32, 48 or 64`);
    this.#personalization = o.personalizationValue ?? new Uint8Array(64);
    if (this.#personalization.length !== 64)
      throw new HarnessError("INVALID_INPUT", `personalizationValue is ${this.#personalization.length} bytes; expected 64`);
    this.tokenFormat = o.tokenFormat ?? (o.realmProfile === undefined ? (this.flavour === "virtcca" ? "legacy" : DEFAULT_REALM_TOKEN_FORMAT) : o.realmProfile ? "realm-1.0" : "legacy");
    if (!REALM_TOKEN_FORMATS.includes(this.tokenFormat))
      throw new HarnessError("INVALID_INPUT", `tokenFormat is ${JSON.stringify(this.tokenFormat)}; expected ${REALM_TOKEN_FORMATS.map((f) => JSON.stringify(f)).join(", ")}`);
    if (this.flavour === "virtcca" && this.tokenFormat !== "legacy")
      throw new HarnessError("INVALID_INPUT", `tokenFormat ${this.tokenFormat}: virtCCA realm tokens are the legacy shape (7 claims, no profile claim)`);
    this.#shape = REALM_TOKEN_SHAPES[this.tokenFormat];
    this.#form = o.form ?? this.#shape.form;
    this.#instanceId = o.realmInstanceId ?? new Uint8Array([0x01, ...createHash("sha256").update("shieldlab emulated cca: realm instance").update(this.rakPublicKey.export({ type: "spki", format: "der" })).digest()]);
    if (this.#instanceId.length !== REALM_INSTANCE_ID_BYTES || this.#instanceId[0] !== 0x01)
      throw new HarnessError("INVALID_INPUT", `realmInstanceId is ${this.#instanceId.length} bytes starting 0x${(this.#instanceId[0] ?? 0).toString(16).padStart(2, "0")}; expected ${REALM_INSTANCE_ID_BYTES} bytes starting 0x01`);
    this.#mecPolicy = o.mecPolicy ?? "shared";
    this.#extraClaims = o.extraRealmClaims ?? new Map();
    this.#platformOverrides = o.platformClaims ?? {};
    this.#rems = Array.from({ length: REM_COUNT }, () => initialRem(this.measurementAlgorithm));
  }

  get cpakPublicKey(): KeyObject {
    return (this.#cpakPublic ??= createPublicKey(this.#cpak));
  }

  get rakPublicKey(): KeyObject {
    return (this.#rakPublic ??= createPublicKey(this.#rak));
  }

  /** RSI_MEASUREMENT_READ: a copy of REM[i]. */
  readRem(i: number): Uint8Array {
    return this.#rems[this.#remIndex(i)]!.slice();
  }

  /** RSI_MEASUREMENT_EXTEND: REM[i] = H(REM[i] ‖ value), value ≤ 64 bytes. */
  extendRem(i: number, value: Uint8Array): Uint8Array {
    const idx = this.#remIndex(i);
    this.#rems[idx] = extendRem(this.#rems[idx]!, value, this.measurementAlgorithm);
    return this.readRem(idx);
  }

  /** virtCCA's IMA hook: extend REM[0] with one template hash (the kernel does this per measurement). */
  recordImaMeasurement(templateHash: Uint8Array): Uint8Array {
    return this.extendRem(0, templateHash);
  }

  /** The realm claims for a challenge (32–64 bytes, zero-padded to 64 as arm-cca-guest does). */
  realmClaims(challenge: Uint8Array): RealmClaims {
    if (challenge.length < 32 || challenge.length > 64)
      throw new HarnessError("INVALID_INPUT", `challenge is ${challenge.length} bytes; expected 32–64 (zero-padded to 64)`);
    const padded = new Uint8Array(64);
    padded.set(challenge);
    return {
      challenge: padded,
      personalizationValue: this.#personalization.slice(),
      hashAlgorithm: this.measurementAlgorithm,
      publicKey: (this.#rakClaim ??= encodeRakPublicKey(this.rakPublicKey, this.#shape.rakEncoding)).slice(),
      publicKeyHashAlgorithm: "sha-256",
      ...(this.#shape.profile ? { profile: this.#shape.profile } : {}),
      ...(this.#shape.instanceId ? { instanceId: this.#instanceId.slice() } : {}),
      ...(this.#shape.mecPolicy ? { mecPolicy: this.#mecPolicy } : {}),
      initialMeasurement: this.rim.slice(),
      extensibleMeasurements: [this.readRem(0), this.readRem(1), this.readRem(2), this.readRem(3)],
    };
  }

  /** RSI_ATTESTATION_TOKEN_INIT/CONTINUE in one call: the complete token bytes (what configfs-tsm's outblob holds). */
  attest(challenge: Uint8Array): Uint8Array {
    const typed = this.realmClaims(challenge);
    const realmClaims = this.#extraClaims.size === 0 ? typed : new Map([...realmClaimsMap(typed), ...this.#extraClaims]);
    if (this.flavour === "virtcca") return buildCcaToken({ realmClaims, rakPrivateKey: this.#rak, form: "tag399" });
    this.#platformBase ??= { ...defaultPlatformClaims(this.cpakPublicKey), ...this.#platformOverrides };
    const platformClaims: PlatformClaims = {
      ...this.#platformBase,
      challenge: ccaDigest("sha-256", typed.publicKey),
    };
    return buildCcaToken({
      realmClaims,
      rakPrivateKey: this.#rak,
      platform: { claims: platformClaims, cpakPrivateKey: this.#cpak, algorithm: this.#platformAlgorithm },
      form: this.#form,
    });
  }

  #remIndex(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= REM_COUNT) throw new HarnessError("INVALID_INPUT", `REM index ${i} is out of range; expected 0–${REM_COUNT - 1}`);
    return i;
  }
}

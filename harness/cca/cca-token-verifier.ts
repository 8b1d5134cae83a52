// Verifies a CCA token: both COSE signatures, the platform↔realm binding, every size rule, endorsed keys only.
import { createPublicKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { HarnessError } from "../errors/harness-error.ts";
import { invalidToken } from "./cca-cbor.ts";
import { ccaDigest } from "./cca-hash.ts";
import { decodeCcaToken, type DecodedCcaToken } from "./cca-token-decoder.ts";
import { coseSignatureValid } from "./cose-sign1.ts";
import { isSecuredLifecycle, platformWhere } from "./platform-claims.ts";
import { realmWhere } from "./realm-claims.ts";

export type PublicKeyInput = KeyObject | string;

export interface VerifyCcaTokenOptions {
  /** CPAK public keys (KeyObject or PEM) the verifier trusts; a platform token signed by any other key is refused. */
  endorsedPlatformKeys: readonly PublicKeyInput[];
  /** RAKs endorsed out of band (virtCCA device certificate); without them a realm-only token is refused. */
  endorsedRealmKeys?: readonly PublicKeyInput[];
  /** When given, realm claim 10 must equal it. */
  expectedChallenge?: Uint8Array;
  /** Refuse platforms outside the "secured" lifecycle 0x3000–0x30FF (default true). */
  requireSecuredLifecycle?: boolean;
}

export interface VerifiedCcaToken extends DecodedCcaToken {
  /** The endorsed key that verified the platform token (absent for realm-only tokens). */
  platformKey?: KeyObject;
}

function toKey(k: PublicKeyInput, where: string): KeyObject {
  if (typeof k !== "string") return k;
  try {
    return createPublicKey(k);
  } catch (e) {
    throw new HarnessError("INVALID_INPUT", `${where} is not a PEM public key`, { cause: e });
  }
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  const da = a.export({ type: "spki", format: "der" });
  const db = b.export({ type: "spki", format: "der" });
  return da.length === db.length && timingSafeEqual(da, db);
}

/** Decodes and verifies; returns the typed claims or throws HarnessError CCA_TOKEN_INVALID naming what failed. */
export function verifyCcaToken(bytes: Uint8Array, options: VerifyCcaTokenOptions): VerifiedCcaToken {
  const platformKeys = options.endorsedPlatformKeys.map((k, i) => toKey(k, `endorsedPlatformKeys[${i}]`));
  const realmKeys = (options.endorsedRealmKeys ?? []).map((k, i) => toKey(k, `endorsedRealmKeys[${i}]`));
  const token = decodeCcaToken(bytes);
  const { realm, platform } = token;
  if (options.expectedChallenge && !Buffer.from(realm.claims.challenge).equals(Buffer.from(options.expectedChallenge)))
    throw invalidToken(`${realmWhere(10)} does not match the expected challenge`);
  if (!platform) {
    if (!realmKeys.some((k) => sameKey(k, realm.rakPublicKey)))
      throw invalidToken("realm-only token: the RAK in realm claim 44237 is not among the endorsed realm keys (no platform token binds it)");
  } else {
    const expected = ccaDigest(realm.claims.publicKeyHashAlgorithm, realm.claims.publicKey);
    if (!Buffer.from(platform.claims.challenge).equals(Buffer.from(expected)))
      throw invalidToken(`${platformWhere(10)} is not the ${realm.claims.publicKeyHashAlgorithm} of ${realmWhere(44237)}: the platform and realm tokens are not bound`);
    if ((options.requireSecuredLifecycle ?? true) && !isSecuredLifecycle(platform.claims.lifecycle))
      throw invalidToken(`${platformWhere(2395)} is 0x${platform.claims.lifecycle.toString(16).padStart(4, "0")}; expected secured (0x3000–0x30ff)`);
  }
  // the platform signature first: with ES256 it is the cheaper of the two
  const platformKey = platform && platformKeys.find((k) => coseSignatureValid(platform.cose, k));
  if (platform && !platformKey)
    throw invalidToken(`platform token (${platform.cose.alg}) is not signed by any of the ${platformKeys.length} endorsed platform keys`);
  if (!coseSignatureValid(realm.cose, realm.rakPublicKey))
    throw invalidToken(`realm token signature does not verify under the RAK in ${realmWhere(44237)}`);
  return platformKey ? { ...token, platformKey } : token;
}

// Structured fuzzing of realm claim values: each known claim (and an unknown one) gets random CBOR values, re-signed.
import type { KeyObject } from "node:crypto";
import { isHarnessError } from "../errors/harness-error.ts";
import { decodeCbor, Tag } from "./cca-cbor.ts";
import { ccaDigest } from "./cca-hash.ts";
import { buildCcaToken } from "./cca-token-builder.ts";
import { verifyCcaToken, type VerifiedCcaToken } from "./cca-token-verifier.ts";
import { seededRandom } from "./fuzz-mutations.ts";
import { platformClaimsMap, type PlatformClaims } from "./platform-claims.ts";
import { realmClaimsMap, TF_RMM_REALM_ORDER, type RealmClaims } from "./realm-claims.ts";

/** The claims fuzzed: every realm claim any profile defines, plus keys no profile defines. */
export const FUZZED_REALM_LABELS: readonly (number | string)[] = [...TF_RMM_REALM_ORDER, 99999, -65537, "nonce"];
export const UNKNOWN_FUZZ_LABELS: ReadonlySet<number | string> = new Set([99999, -65537, "nonce"]);

export interface ClaimFuzzOutcome {
  label: number | string;
  value: unknown;
  deleted: boolean;
  result: "accepted" | "refused" | "crashed";
  error?: unknown;
  token?: VerifiedCcaToken;
}

/** A random CBOR value: small and boundary integers, byte and text strings of tricky sizes, arrays, maps, tags, simples. */
export function randomCborValue(rnd: () => number, depth = 0): unknown {
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  switch (int(depth >= 2 ? 7 : 9)) {
    case 0:
      return pick([0, 1, 2, 23, 24, 255, 256, 65535, 65536, 2 ** 32, Number.MAX_SAFE_INTEGER, 2n ** 64n - 1n]);
    case 1:
      return pick([-1, -24, -25, -256, -(2 ** 32), -(2n ** 64n)]);
    case 2:
      return Uint8Array.from({ length: pick([0, 1, 31, 32, 33, 47, 48, 64, 65, 97]) }, (_, i) => (i === 0 ? pick([0x00, 0x01, 0x04, 0xa4]) : int(256)));
    case 3:
      return pick(["", "sha-256", "sha-512", "sha-384", "tag:arm.com,2024:realm#2.0.0", "tag:arm.com,2023:realm#1.0.0", "tag:arm.com,2024:realm#2.0.1", "shared", "private", "Shared", "\u0000", "x".repeat(300)]);
    case 4:
      return pick([true, false, null, undefined]);
    case 5:
      return pick([0.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 1.5]);
    case 6:
      return new Tag(pick([1, 2, 18, 263, 399, 907]), pick([0, Uint8Array.of(1)]));
    case 7:
      return Array.from({ length: pick([0, 1, 3, 4, 5]) }, () => randomCborValue(rnd, depth + 1));
    default:
      return new Map(Array.from({ length: int(4) }, (_, i) => [i === 0 ? pick([1, -1, -2, -3]) : int(100), randomCborValue(rnd, depth + 1)]));
  }
}

export interface ClaimFuzzSubject {
  realmClaims: RealmClaims;
  platformClaims: Omit<PlatformClaims, "challenge">;
  rakPrivateKey: KeyObject;
  cpakPrivateKey: KeyObject;
  cpakPublicKey: KeyObject;
}

/** `iterations` tokens, each with one realm claim set to a random value or deleted; the binding follows claim 44237. */
export function fuzzRealmClaimValues(seed: number, iterations: number, s: ClaimFuzzSubject): ClaimFuzzOutcome[] {
  const rnd = seededRandom(seed);
  const out: ClaimFuzzOutcome[] = [];
  for (let i = 0; i < iterations; i++) {
    const label = FUZZED_REALM_LABELS[Math.floor(rnd() * FUZZED_REALM_LABELS.length)]!;
    const deleted = typeof label === "number" && !UNKNOWN_FUZZ_LABELS.has(label) && rnd() < 0.1;
    const value = deleted ? undefined : randomCborValue(rnd);
    const realm = realmClaimsMap(s.realmClaims) as Map<unknown, unknown>;
    if (deleted) realm.delete(label);
    else realm.set(label, value);
    const rak = realm.get(44237);
    const challenge = rak instanceof Uint8Array ? ccaDigest("sha-256", rak) : new Uint8Array(32);
    const outcome: ClaimFuzzOutcome = { label, value, deleted, result: "accepted" };
    try {
      const token = buildCcaToken({
        realmClaims: realm as Map<number, unknown>,
        rakPrivateKey: s.rakPrivateKey,
        platform: { claims: platformClaimsMap({ ...s.platformClaims, challenge }), cpakPrivateKey: s.cpakPrivateKey },
        form: "cmw907",
      });
      outcome.token = verifyCcaToken(token, { endorsedPlatformKeys: [s.cpakPublicKey] });
    } catch (e) {
      outcome.result = isHarnessError(e, "CCA_TOKEN_INVALID") ? "refused" : "crashed";
      outcome.error = e;
    }
    out.push(outcome);
  }
  return out;
}

/** For an accepted token: the known realm claims, re-encoded from the typed result, equal what was signed (nothing coerced). */
export function typedClaimsMatchPayload(t: VerifiedCcaToken): boolean {
  const signed = decodeCbor(t.realm.cose.payload, "fuzzed realm payload") as Map<unknown, unknown>;
  const typed = realmClaimsMap(t.realm.claims);
  for (const label of TF_RMM_REALM_ORDER) {
    const a = signed.get(label);
    const b = typed.get(label);
    if (!sameValue(a, b)) return false;
  }
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

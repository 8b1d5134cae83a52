// Test support: the TEST ONLY fixture keys and a builder for valid tokens with one claim changed.
import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { ccaDigest } from "./cca-hash.ts";
import type { CollectionForm } from "./cca-collection.ts";
import { buildCcaToken } from "./cca-token-builder.ts";
import { loadCcaTestKey } from "./cca-test-keys.ts";
import { defaultPlatformClaims, EmulatedCcaRealm } from "./emulated-cca-realm.ts";
import { platformClaimsMap } from "./platform-claims.ts";
import { realmClaimsMap } from "./realm-claims.ts";
import type { RealmTokenFormat } from "./realm-token-format.ts";
import { fuzzVerify } from "./cca-token-fuzz.ts";

export const testKeys = { cpak: loadCcaTestKey("cpak"), cpakEs256: loadCcaTestKey("cpakEs256"), rak: loadCcaTestKey("rak") };
export const challenge = Uint8Array.from({ length: 64 }, (_, i) => i);

/** An emulated realm on the fixture keys. */
export function fixtureRealm(o: ConstructorParameters<typeof EmulatedCcaRealm>[0] = {}): EmulatedCcaRealm {
  const cpak = o.platformAlgorithm === "ES256" ? testKeys.cpakEs256 : testKeys.cpak;
  return new EmulatedCcaRealm({ cpakPrivateKey: cpak.privateKey, rakPrivateKey: testKeys.rak.privateKey, ...o });
}

export interface TamperOptions {
  realm?: (m: Map<number, unknown>) => void;
  /** Runs after the binding challenge is set, so it can break it. */
  platform?: (m: Map<number, unknown>) => void;
  form?: CollectionForm;
  realmOnly?: boolean;
  /** Realm claims to start from (default "legacy": the rules every shape shares, on the simplest one). */
  format?: RealmTokenFormat;
}

/** A token signed with the fixture keys whose claims maps were edited first (the binding follows claim 44237). */
export function tamperedToken(t: TamperOptions = {}): Uint8Array {
  const realm = realmClaimsMap(fixtureRealm({ tokenFormat: t.format ?? "legacy" }).realmClaims(challenge));
  t.realm?.(realm);
  const rakBytes = realm.get(44237);
  const platform = platformClaimsMap({
    ...defaultPlatformClaims(testKeys.cpak.publicKey),
    challenge: rakBytes instanceof Uint8Array ? ccaDigest("sha-256", rakBytes) : new Uint8Array(32),
  });
  t.platform?.(platform);
  return buildCcaToken({
    realmClaims: realm,
    rakPrivateKey: testKeys.rak.privateKey,
    ...(t.realmOnly ? {} : { platform: { claims: platform, cpakPrivateKey: testKeys.cpak.privateKey } }),
    ...(t.form ? { form: t.form } : {}),
  });
}

/** Asserts fn throws HarnessError CCA_TOKEN_INVALID whose message contains `part`. */
export function expectInvalid(fn: () => unknown, part: string | RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(isHarnessError(thrown, "CCA_TOKEN_INVALID"), `expected CCA_TOKEN_INVALID, got ${String(thrown)}`).toBe(true);
  if (typeof part === "string") expect((thrown as Error).message).toContain(part);
  else expect((thrown as Error).message).toMatch(part);
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** One it() per seed: 1 000 mutated tokens each either verify unchanged or throw CCA_TOKEN_INVALID, never crash. */
export function fuzzChunkTests(seeds: readonly number[]): void {
  describe("verifyCcaToken under fuzzing", () => {
    it.each(seeds)("seed %i: 1 000 mutated tokens either verify unchanged or throw CCA_TOKEN_INVALID, never crash", { timeout: 30_000 }, (seed) => {
      const report = fuzzVerify(seed, 1000, fixtureRealm);
      expect(report.crashes.map((c) => `#${c.iteration} ${c.target} ${c.kind}: ${String(c.error)}`)).toEqual([]);
      expect(report.verifiedChanged.map((c) => `#${c.iteration} ${c.target} ${c.kind}`)).toEqual([]);
      expect(report.refused).toBeGreaterThan(950);
      // every token form was mutated and refused, and some mutants got past every structure rule to the signatures
      for (const [target, n] of Object.entries(report.refusedByTarget)) expect(n, `refusals of ${target}`).toBeGreaterThan(100);
      expect(report.refusedBySignature).toBeGreaterThan(50);
    });
  });
}

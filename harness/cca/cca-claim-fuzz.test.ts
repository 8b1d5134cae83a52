import { describe, expect, it } from "vitest";
import { fuzzRealmClaimValues, typedClaimsMatchPayload, UNKNOWN_FUZZ_LABELS } from "./cca-claim-fuzz.ts";
import { challenge, fixtureRealm, testKeys } from "./cca-test-support.ts";
import { defaultPlatformClaims } from "./emulated-cca-realm.ts";
import type { RealmTokenFormat } from "./realm-token-format.ts";

const subject = (tokenFormat: RealmTokenFormat) => ({
  realmClaims: fixtureRealm({ tokenFormat }).realmClaims(challenge),
  platformClaims: defaultPlatformClaims(testKeys.cpak.publicKey),
  rakPrivateKey: testKeys.rak.privateKey,
  cpakPrivateKey: testKeys.cpak.privateKey,
  cpakPublicKey: testKeys.cpak.publicKey,
});

const runs: [RealmTokenFormat, number][] = [["realm-2.0", 20261130], ["realm-2.0", 20261131], ["tf-rmm-0.8", 20261201]];

describe("realm claim values under fuzzing (every known claim and unknown ones)", () => {
  it.each(runs)("%s, seed %i: 400 re-signed tokens are accepted exactly as signed or refused with CCA_TOKEN_INVALID, never crash", { timeout: 60_000 }, (format, seed) => {
    const outcomes = fuzzRealmClaimValues(seed, 400, subject(format));
    const show = (o: (typeof outcomes)[number]): string => `${String(o.label)}=${o.deleted ? "(deleted)" : String(o.value)}: ${String(o.error)}`;
    expect(outcomes.filter((o) => o.result === "crashed").map(show)).toEqual([]);
    // an accepted token never carries a known claim the typed result does not reproduce
    expect(outcomes.filter((o) => o.token && !typedClaimsMatchPayload(o.token)).map(show)).toEqual([]);
    // ... and that check ran on changed known claims too, not only on unknown ones (some random values are valid)
    expect(outcomes.filter((o) => o.token && !o.deleted && !UNKNOWN_FUZZ_LABELS.has(o.label)).length).toBeGreaterThanOrEqual(2);
    // an unknown claim never decides: accepted with any value, and recorded
    const unknown = outcomes.filter((o) => UNKNOWN_FUZZ_LABELS.has(o.label));
    expect(unknown.length).toBeGreaterThan(20);
    expect(unknown.filter((o) => o.result !== "accepted").map(show)).toEqual([]);
    expect(unknown.every((o) => o.token!.unknownClaims.length === 1)).toBe(true);
    // the known claims are checked: each newer claim is refused at least once
    const refusedLabels = new Set(outcomes.filter((o) => o.result === "refused").map((o) => o.label));
    for (const label of [256, 44243, 44244, 44257, 265]) expect(refusedLabels.has(label), `claim ${label} was never refused`).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { fixtureRealm } from "./cca-test-support.ts";
import { fuzzVerify } from "./cca-token-fuzz.ts";

// Half of the 10 000-mutation fuzz run, in chunks of 1 000 with their own seeds (replay one with fuzzVerify(seed, 1000, …));
// the other half is in cca-token-fuzz-b.test.ts so the two files run in parallel.
const seeds = [0, 1, 2, 3, 4].map((i) => 20261122 + i);

describe("verifyCcaToken under fuzzing", () => {
  it.each(seeds)("seed %i: 1 000 mutated tokens either verify unchanged or throw CCA_TOKEN_INVALID, never crash", { timeout: 30_000 }, (seed) => {
    const report = fuzzVerify(seed, 1000, fixtureRealm);
    expect(report.crashes.map((c) => `#${c.iteration} ${c.target} ${c.kind}: ${String(c.error)}`)).toEqual([]);
    expect(report.verifiedChanged.map((c) => `#${c.iteration} ${c.target} ${c.kind}`)).toEqual([]);
    expect(report.refused + report.verifiedUnchanged).toBe(1000);
    expect(report.refused).toBeGreaterThan(950);
  });
});

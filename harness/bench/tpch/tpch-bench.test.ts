import { describe, expect, it } from "vitest";
import { SEED_IMA_POLICY } from "../../attest/host/attestation-options.ts";
import { groupClusterSpec, groupMode, sideBySideCapacity, turnLine, JFR_SIGKILL_DELAY_MS, runnableGroups, runProblems } from "./tpch-bench.ts";
import { planClusters } from "./tpch-profiles.ts";
import type { TpchGroupResult } from "./tpch-runner.ts";
import { SIGKILL_DELAY_KEY } from "./yarn-site-layer.ts";

describe("bench tpch: the clusters", () => {
  it("gives each cluster group what it needs: nothing, a KDC with both qualities of protection, or the attestation layer", () => {
    expect(groupClusterSpec("any", false)).toEqual({ nodeManagerMb: 3072, security: "plain", kdc: false, attestation: undefined, yarnSite: undefined });
    expect(groupClusterSpec("kerberos", false)).toMatchObject({ security: { profile: "plain", kerberos: { rpcProtection: ["authentication", "privacy"] } }, kdc: true, attestation: undefined });
    expect(groupClusterSpec("attested", false)).toMatchObject({ security: "plain", kdc: false, attestation: { flavour: "cca", imaPolicy: SEED_IMA_POLICY } });
  });

  it("gives executors time to write their recording under --profile-cpu", () => {
    expect(groupClusterSpec("any", true).yarnSite).toEqual({ [SIGKILL_DELAY_KEY]: JFR_SIGKILL_DELAY_MS });
  });

  it("leaves out the attested group on a Spark that cannot carry the plugin, listing why", () => {
    const { groups } = planClusters(["plain", "auth-gcm", "attested", "krb-privacy"], "4.0.5");
    expect(runnableGroups(groups, undefined).groups.map((g) => g.needs)).toEqual(["any", "kerberos", "attested"]);
    const r = runnableGroups(groups, "its SparkPlugin API is too old");
    expect(r.groups.map((g) => g.needs)).toEqual(["any", "kerberos"]);
    expect(r.skipped).toEqual([{ profile: "attested", why: "no attestation plugin for this Spark: its SparkPlugin API is too old" }]);
  });
});

describe("bench tpch: the exit status", () => {
  const group = (answers: TpchGroupResult["answers"], apps: Partial<TpchGroupResult["apps"][number]>[] = [{ ok: true }]): TpchGroupResult =>
    ({ plan: {} as never, samples: [], answers, apps: apps.map((a) => ({ round: 0, warmup: false, profile: "plain", ok: true, wallMs: 1, runs: [], jfrFiles: [], ...a })) }) as TpchGroupResult;

  it("passes when every answer matched and every app ran", () => {
    expect(runProblems([group([{ profile: "plain", query: "q3", against: "reference", valid: true, problems: [] }])])).toEqual([]);
  });

  it("fails on an answer that differs, on a failed app, and when nothing was checked", () => {
    const p = runProblems([group([{ profile: "io-enc", query: "q3", against: "reference", valid: false, problems: ["row 2 differs"] }], [{ ok: false, profile: "auth-gcm", error: "exit 1" }])]);
    expect(p).toEqual(["1 answer(s) differ: io-enc/q3 (row 2 differs)", "1 app(s) failed: auth-gcm round 0: exit 1"]);
    expect(runProblems([group([], [{ ok: false, error: "exit 1" }])])).toContain("no answer was checked");
  });

  it("side by side while the apps fit in memory (4 on 24 GiB), else sequential saying why; the NodeManagers sized for them", () => {
    expect(sideBySideCapacity(24 * 2 ** 30)).toBe(4);
    expect(sideBySideCapacity(256 * 2 ** 30)).toBe(7); // two NodeManagers of at most 16 GB
    expect(groupClusterSpec("any", false, 7).nodeManagerMb).toBeLessThanOrEqual(16384);
    expect(groupMode(4, { totalBytes: 24 * 2 ** 30 })).toEqual({ mode: "side-by-side" });
    expect(groupMode(5, { totalBytes: 24 * 2 ** 30 })).toMatchObject({ mode: "sequential", why: expect.stringMatching(/^5 apps side by side need about 27 GiB; this machine has 24 GiB \(room for 4\)/) });
    expect(groupMode(2, { sequential: true, totalBytes: 24 * 2 ** 30 })).toEqual({ mode: "sequential", why: "--sequential" });
    expect(groupClusterSpec("any", false, 4).nodeManagerMb).toBe(8704); // 4 × 4096 MB over 2, +512
    expect(groupClusterSpec("any", false, 1).nodeManagerMb).toBe(3072);
  });

  it("progress: the time left from the pace since the first query run, not counting start-up", () => {
    expect(turnLine(1, 240, "plain", [5_000], 16)).toBe("1/240 query runs (last: plain)");
    // 10 runs of 5 s after the first: 229 left at 5 s each
    const ends = Array.from({ length: 11 }, (_, i) => 5_000 * (i + 1));
    expect(turnLine(11, 240, "io-enc", ends, 16)).toBe("11/240 query runs (last: io-enc), ~20 min left");
    // slow warm-up runs (20 s each), then 16 runs of 5 s: only the last round's pace counts
    const warm = [...Array.from({ length: 16 }, (_, i) => 20_000 * (i + 1)), ...Array.from({ length: 16 }, (_, i) => 320_000 + 5_000 * (i + 1))];
    expect(turnLine(32, 256, "plain", warm, 16)).toBe("32/256 query runs (last: plain), ~19 min left");
  });
});

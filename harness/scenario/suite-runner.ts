// Runs scenarios: one cluster per distinct topology + profile, scenarios in turn, reports after each one.
// Teardown always happens — on failure and on interruption too — and artifacts are kept.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ClusterBuilder } from "../cluster/cluster-builder.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import { reap } from "../engine/reaper.ts";
import { ensureImages } from "../images/image-set.ts";
import { loadManifest } from "../images/manifest.ts";
import type { Logger } from "../log/logger.ts";
import type { RunResults, ScenarioResult } from "../report/results-model.ts";
import { pointLatest, writeRunReports } from "../report/run-writer.ts";
import { startStep } from "../util/progress.ts";
import { runScenario } from "./scenario-runner.ts";
import { clusterAttestation } from "../attest/host/attestation-options.ts";
import { AttestationLayer } from "../attest/host/attestation-layer.ts";
import type { Scenario } from "./scenario-schema.ts";

export interface SuiteOptions {
  runId: string;
  runDir: string;
  log: Logger;
  signal: AbortSignal;
  /** Leave the last cluster running (labelled keep) for poking. */
  keep?: boolean;
}

export function clusterKey(s: Scenario): string {
  return JSON.stringify({ topology: s.topology, profile: s.profile, attestation: clusterAttestation(s.attestation) });
}

export async function runSuite(scenarios: Scenario[], o: SuiteOptions): Promise<RunResults> {
  mkdirSync(o.runDir, { recursive: true });
  const m = loadManifest();
  const results: RunResults = {
    runId: o.runId,
    startedAt: new Date().toISOString(),
    endedAt: "",
    interrupted: false,
    versions: { hadoop: m.hadoop.version, spark: m.spark.version, debian: m.debian.suite, node: process.version },
    scenarios: [],
  };
  const save = (): void => {
    results.endedAt = new Date().toISOString();
    results.interrupted = o.signal.aborted;
    writeRunReports(o.runDir, results);
    pointLatest(o.runDir);
  };
  const skip = (s: Scenario, why: string): void => {
    results.scenarios.push({ name: s.name, description: s.description, profile: s.profile.name, verdict: "unknown", checks: [], error: why, seconds: 0, artifacts: s.name });
  };
  save();

  const reaped = await reap({ keepLiveOwners: true, keepKept: true });
  if (reaped.containers.length + reaped.networks.length > 0)
    o.log.info({ containers: reaped.containers, networks: reaped.networks }, "removed leftovers of earlier runs");

  const images = await ensureImages();
  Object.assign(results.versions, { image: images.hadoopSpark });

  const groups = new Map<string, Scenario[]>();
  for (const s of scenarios) groups.set(clusterKey(s), [...(groups.get(clusterKey(s)) ?? []), s]);

  let groupIndex = 0;
  for (const group of groups.values()) {
    groupIndex++;
    if (o.signal.aborted) {
      group.forEach((s) => skip(s, "interrupted before it started"));
      continue;
    }
    const first = group[0]!;
    const keepThis = o.keep === true && groupIndex === groups.size;
    const step = startStep("cluster", `${first.topology.nodeManagers} NodeManagers, profile ${first.profile.name}${first.attestation ? `, attested (${first.attestation.flavour})` : ""} (${group.length} scenario(s))`);
    let cluster: StartedCluster | undefined;
    const onAbort = (): void => void cluster?.stop().catch(() => undefined);
    o.signal.addEventListener("abort", onAbort, { once: true });
    try {
      cluster = await new ClusterBuilder({ image: images.hadoopSpark })
        .withTopology(first.topology)
        .withSecurity({ profile: "plain", ...profileFields(first) })
        .withLayer(AttestationLayer.of(clusterAttestation(first.attestation)))
        .withKeep(keepThis)
        .withLogger(o.log)
        .start();
      step.done(`session ${cluster.sessionId}`);
    } catch (e) {
      const msg = isHarnessError(e) ? e.describe() : (e as Error).message;
      step.fail(msg.split("\n")[0] ?? "");
      for (const s of group) {
        mkdirSync(join(o.runDir, s.name), { recursive: true });
        writeFileSync(join(o.runDir, s.name, "cluster-error.txt"), msg);
        skip(s, `the cluster did not start: ${msg.split("\n")[0]}`);
      }
      o.signal.removeEventListener("abort", onAbort);
      save();
      continue;
    }
    try {
      for (const s of group) {
        if (o.signal.aborted) {
          skip(s, "interrupted before it started");
          continue;
        }
        const st = startStep("scenario", s.name);
        // a harness bug in one scenario is that scenario's "unknown", never the end of the run
        const r: ScenarioResult = await runScenario(s, cluster, { runDir: o.runDir, signal: o.signal, onProgress: (l) => st.update(l) }).catch(
          (e: unknown) => ({
            name: s.name,
            description: s.description,
            profile: s.profile.name,
            verdict: "unknown" as const,
            checks: [],
            error: `the harness failed while running it: ${(e as Error).stack ?? String(e)}`,
            seconds: 0,
            artifacts: s.name,
          }),
        );
        if (o.signal.aborted && r.verdict === "pass") r.verdict = "unknown";
        results.scenarios.push(r);
        (r.verdict === "pass" ? st.done : st.fail).call(st, r.verdict.toUpperCase());
        save();
      }
    } finally {
      o.signal.removeEventListener("abort", onAbort);
      if (keepThis && !o.signal.aborted) {
        o.log.info({ session: cluster.sessionId }, "cluster kept running (--keep); remove it with `shieldlab down`");
      } else {
        await cluster.stop();
      }
    }
  }
  save();
  return results;
}

function profileFields(s: Scenario): Record<string, unknown> {
  const { name: _name, ...fields } = s.profile;
  return fields;
}

// `shieldlab audit`: the security posture of a YARN cluster, kube-bench style. A target file's cluster (--target), a
// running `shieldlab up` cluster (--session), or one the harness starts for the audit with --profile (and removes
// after), whose verdicts are compared with that profile's expected posture (docs/audit.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { defineCommand } from "citty";
import { runChecks } from "../audit/audit-checks.ts";
import { gatherAuditInput, type AuditSources } from "../audit/audit-fetcher.ts";
import type { AuditInput } from "../audit/audit-input.ts";
import { countVerdicts, type AuditReport, type AuditResult } from "../audit/audit-result.ts";
import { clusterAuditSources } from "../audit/cluster-audit-sources.ts";
import { EXPECTED_POSTURE, type PostureRow } from "../audit/expected-posture.ts";
import { targetAuditSources } from "../audit/target-audit-sources.ts";
import { attachCluster } from "../cluster/attach-cluster.ts";
import { ClusterBuilder } from "../cluster/cluster-builder.ts";
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import { HARNESS_CCACHE, HARNESS_KEYTAB } from "../cluster/secure-mode.ts";
import { PROFILE_NAMES } from "../cluster/security-profile.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { reap } from "../engine/reaper.ts";
import { ensureImages } from "../images/image-set.ts";
import { loadManifest } from "../images/manifest.ts";
import { pairLabel } from "../images/version-pair.ts";
import { KdcLayer } from "../kdc/kdc-layer.ts";
import { createLogger } from "../log/logger.ts";
import { renderAuditConsole, renderAuditJunit, renderAuditPage } from "../report/audit-report.ts";
import { attachTarget } from "../target/target-cluster.ts";
import { loadTargetFile, type Target } from "../target/target-file.ts";
import { gatewayPair } from "./run-target.ts";

const KERBEROS_LEVELS = ["authentication", "integrity", "privacy"] as const;

/** Reads the sources and runs the checks; the seconds cover the reading and the checks (not a cluster's start). */
export async function audit(target: string, sources: AuditSources, sparkVersionHint?: string): Promise<AuditReport> {
  const startedAt = new Date();
  const input: AuditInput = await gatherAuditInput(sources);
  const results = runChecks(input);
  const info = "value" in input.clusterInfo ? input.clusterInfo.value : undefined;
  const spark = "value" in input.sparkVersion ? input.sparkVersion.value : sparkVersionHint;
  return {
    target,
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    clusterInfo: { haState: info?.haState, hadoopVersion: info?.hadoopVersion, resourceManagerVersion: info?.resourceManagerVersion, sparkVersion: spark },
    results,
  };
}

/** The expected-posture row of a profile (and Kerberos level), if the table has one. */
export function postureRow(profile: string, kerberos?: string): PostureRow | undefined {
  return EXPECTED_POSTURE.find((r) => r.profile === profile && r.kerberos === kerberos);
}

/** Checks whose verdict is not the table's (nm-dirs is read only on a live cluster: left out). */
export function postureMismatches(row: PostureRow, results: readonly AuditResult[]): string[] {
  return results
    .filter((r) => r.id !== "nm-dirs" && row.expected[r.id] !== undefined && row.expected[r.id] !== r.verdict)
    .map((r) => `${r.id}: expected ${row.expected[r.id]!.toUpperCase()}, got ${r.verdict.toUpperCase()} (${r.key} = ${r.value}; ${r.message})`);
}

function write(file: string | undefined, text: string): void {
  if (!file) return;
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, text);
}

export const auditCommand = defineCommand({
  meta: { name: "audit", description: "Security posture of a YARN cluster (kube-bench style PASS/WARN/FAIL per check, with the fix and the scenario that shows it)" },
  args: {
    target: { type: "string", valueHint: "file", description: "a cluster the harness did not build: its target file (YAML or JSON, docs/targets.md)" },
    session: { type: "string", valueHint: "id", description: "a running `shieldlab up` cluster (the only one when there is one)" },
    profile: { type: "string", valueHint: "name", description: `without --target/--session: start a cluster with this profile, audit it, remove it (${PROFILE_NAMES.join(", ")})` },
    kerberos: { type: "string", valueHint: "level", description: "with --profile: Kerberized, YARN RPC protection authentication, integrity or privacy" },
    json: { type: "string", valueHint: "file", description: "write the report as JSON" },
    junit: { type: "string", valueHint: "file", description: "write the report as JUnit XML (FAIL → failure, UNKNOWN → error)" },
    html: { type: "string", valueHint: "file", description: "write the report as an HTML page" },
  },
  async run({ args }) {
    // input first: a bad flag or target file fails here, before anything is contacted
    const modes = [args.target !== undefined && "--target", args.session !== undefined && "--session", args.profile !== undefined && "--profile"].filter(Boolean);
    if (modes.length > 1) throw new HarnessError("INVALID_INPUT", `give one of --target, --session or --profile, got ${modes.join(" and ")}`);
    if (args.kerberos && !KERBEROS_LEVELS.includes(args.kerberos as never)) throw new HarnessError("INVALID_INPUT", `--kerberos must be one of ${KERBEROS_LEVELS.join(", ")}, got ${JSON.stringify(args.kerberos)}`);
    if (args.kerberos && (args.target !== undefined || args.session !== undefined)) throw new HarnessError("INVALID_INPUT", "--kerberos goes with --profile (a target's or running cluster's security is what it is)");
    const profile = args.profile ?? (args.target !== undefined || args.session !== undefined ? undefined : "plain");
    if (profile && !PROFILE_NAMES.includes(profile as never)) throw new HarnessError("INVALID_INPUT", `--profile must be one of ${PROFILE_NAMES.join(", ")}, got ${JSON.stringify(profile)}`);
    const spark = loadManifest().defaultPair.spark;
    let report: AuditReport;
    let row: PostureRow | undefined;
    if (args.target !== undefined) {
      const t = loadTargetFile(args.target);
      report = await auditTarget(t, args.target);
    } else if (args.session !== undefined) {
      const cluster = await attachCluster(createLogger({ consoleLevel: "silent" }), args.session || undefined);
      report = await audit(`cluster ${cluster.sessionId} (profile ${cluster.profile.name})`, await clusterAuditSources(cluster, spark));
    } else {
      row = postureRow(profile!, args.kerberos);
      report = await auditStartedCluster(profile!, args.kerberos, spark);
    }
    console.log(renderAuditConsole(report));
    write(args.json, `${JSON.stringify(report, null, 2)}\n`);
    write(args.junit, renderAuditJunit(report));
    write(args.html, renderAuditPage(report));
    if (row) {
      const bad = postureMismatches(row, report.results);
      console.log(bad.length === 0 ? `posture as expected for ${row.label} (docs/audit.md)` : `posture NOT as expected for ${row.label}:\n  ${bad.join("\n  ")}`);
      process.exitCode = bad.length === 0 ? 0 : 1;
    } else {
      process.exitCode = countVerdicts(report).fail > 0 ? 1 : 0;
    }
  },
});

/**
 * Audits a target file's cluster. Kerberized with a gateway image: the SPNEGO calls run on the harness's gateway on the
 * target's network (as `run --target` does; no Kerberos client needed on this machine), removed afterwards.
 */
async function auditTarget(t: Target, file: string): Promise<AuditReport> {
  let gateway: StartedCluster | undefined;
  if (t.security.mode === "kerberos" && t.spark.gatewayImage) {
    const pair = gatewayPair(t);
    const images = await ensureImages({ pairs: [pair] });
    gateway = (await attachTarget(t, { image: images.byPair.get(pairLabel(pair)) ?? images.hadoopSpark, pair, log: createLogger({ consoleLevel: "silent" }) })).cluster;
  }
  const gw = gateway;
  const sources = targetAuditSources(t, gw && { exec: (cmd, o) => gw.exec(GATEWAY_NODE, cmd, o), keytab: HARNESS_KEYTAB, ccache: HARNESS_CCACHE });
  try {
    return await audit(`target ${t.name} (${file})`, sources);
  } finally {
    sources.dispose();
    await gateway?.stop();
  }
}

/** Starts a cluster with the profile (as `shieldlab up` does, not kept), audits it and removes it. */
async function auditStartedCluster(profile: string, kerberos: string | undefined, spark: string): Promise<AuditReport> {
  const log = createLogger();
  await reap({ keepLiveOwners: true, keepKept: true });
  const images = await ensureImages();
  await using cluster: StartedCluster = await new ClusterBuilder({ image: images.hadoopSpark })
    .withTopology({ nodeManagers: 2, tenants: ["alice", "bob"] })
    .withSecurity(kerberos ? { profile, kerberos: { rpcProtection: kerberos } } : profile)
    .withLayer(KdcLayer.of(kerberos))
    .withLogger(log)
    .start();
  // awaited here: `await using` removes the cluster when this function returns, and the audit reads it lazily
  return await audit(`cluster ${cluster.sessionId} (profile ${cluster.profile.name}${kerberos ? `, kerberos ${kerberos}` : ""})`, await clusterAuditSources(cluster, spark));
}

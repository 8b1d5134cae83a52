// A scenario is data: topology, security profile, workload steps and checkers — validated when loaded.
import { z } from "zod";
import { CheckerSpecSchema } from "../checkers/checker-registry.ts";
import { resolveProfile, ProfileRefSchema } from "../cluster/security-profile.ts";
import { nodeNamesOf, parseTopology } from "../cluster/topology.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { listProblems, zodProblems } from "../util/zod-format.ts";
import { stepModule, WorkloadStepSchema } from "../steps/step-registry.ts";
import { AttestationOptionsSchema } from "../attest/host/attestation-options.ts";
import { FindingSchema } from "./scenario-finding.ts";
import { loadManifest } from "../images/manifest.ts";
import { resolveVersion } from "../images/version-pair.ts";

export const ScenarioSchema = z.strictObject({
  /** Its path under scenarios/ without the extension; starts with its docs/scenarios.md id where it has one. */
  name: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "<area>/<id>, lower-case"),
  description: z.string().min(1),
  /** Suites it belongs to; `shieldlab run` without names runs the "default" suite. */
  suites: z.array(z.string()).default(["default"]),
  topology: z.unknown().optional(),
  security: ProfileRefSchema.default("plain"),
  workload: z.array(WorkloadStepSchema).min(1),
  /** Nodes whose traffic a tcpdump sidecar captures while the workload runs (rm, nm-1…, gateway). */
  capture: z.strictObject({ nodes: z.array(z.string()).min(1) }).optional(),
  /** The emulated CCA realm + IMA on every NodeManager and a verifier; executors attest when the plugin is on. */
  attestation: AttestationOptionsSchema.optional(),
  checkers: z.record(z.string().regex(/^[a-z][a-zA-Z0-9-]*$/), CheckerSpecSchema).refine((c) => Object.keys(c).length > 0, "at least one checker"),
  /** What it shows when it passes (defended, vulnerable, documented weakness, control, baseline): the report leads with it. */
  finding: FindingSchema.optional(),
  /** Releases it must run on ("3.2.1", or "3.5.x" for the newest 3.5 in images/manifest.json); the run's selection fills the rest. */
  versions: z.strictObject({ spark: z.string().min(1).optional(), hadoop: z.string().min(1).optional() }).optional(),
});
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema> & {
  topology: ReturnType<typeof parseTopology>;
  profile: ReturnType<typeof resolveProfile>;
};

/** Checkers that read the pcaps, so the scenario must capture. */
/** Checkers that read the verifier's audit log or the driver's event log, which only attested clusters keep. */
const ATTESTATION_CHECKERS = new Set(["attestation-appraisals", "tasks-attested"]);

const CAPTURE_CHECKERS = new Set(["wire-canary", "wire-entropy", "yarn-secret-on-wire", "wire-tls"]);

/** Typed identity helper for scenario files; validation happens when the file is loaded. */
export function defineScenario(s: ScenarioInput): ScenarioInput {
  return s;
}

/** Validates a scenario; one SCENARIO_LOAD_FAILED lists every problem found, each naming the file and the key. */
export function validateScenario(raw: unknown, where: string): Scenario {
  const r = ScenarioSchema.safeParse(raw, { reportInput: true });
  if (!r.success) throw new HarnessError("SCENARIO_LOAD_FAILED", listProblems(where, zodProblems(r.error)));
  const s = r.data;
  // every cross-field problem is collected here and thrown once at the end, so a file is fixed in one pass
  const problems: string[] = [];
  const topology = collect(problems, "topology", () => parseTopology(s.topology ?? {}, "topology"));
  const profile = collect(problems, "security", () => resolveProfile(s.security, "security"));
  if (!topology || !profile) throw new HarnessError("SCENARIO_LOAD_FAILED", listProblems(where, problems));
  // a proxy-user grant names tenants: a name no keytab and no OS user exists for is a typo, not a test
  for (const [user, onBehalfOf] of Object.entries(profile.kerberos?.proxyUsers ?? {})) {
    for (const [j, u] of [user, ...onBehalfOf].entries()) {
      if (!topology.tenants.includes(u))
        problems.push(`security.kerberos.proxyUsers.${user}${j === 0 ? "" : `.${j - 1}`}: ${JSON.stringify(u)} is not a tenant of the topology; allowed: ${topology.tenants.join(", ")}`);
    }
  }
  const nodes = nodeNamesOf(topology);
  if (topology.manager === "standalone" && s.attestation) problems.push("attestation: the attestation layer runs on YARN NodeManagers; a standalone cluster has none");
  if (topology.manager === "standalone" && profile.kerberos) problems.push("security.kerberos: Spark standalone has no Kerberos (it authenticates with spark.authenticate.secret only)");
  // (yarnAcls on standalone: spark.acls.enable for the master's and every app's UI; there is no YARN to ask)
  if (topology.manager === "standalone" && profile.uiTls) problems.push("security: uiTls is not supported on a standalone cluster here");
  const ids = new Set<string>();
  for (const [i, step] of s.workload.entries()) {
    if (ids.has(step.id)) problems.push(`workload.${i}.id: step id ${step.id} is used twice`);
    ids.add(step.id);
    const m = stepModule(step.kind);
    const managers = m.managers ?? ["yarn"];
    if (!managers.includes(topology.manager))
      problems.push(`workload.${i}: a ${step.kind} step runs on ${managers.map((x) => (x === "yarn" ? "YARN" : "a Spark standalone cluster")).join(" or ")}, and this topology is ${topology.manager === "yarn" ? "YARN" : "standalone"}`);
    const refs = m.refs?.(step as never) ?? {};
    for (const [key, user] of refs.tenants ?? []) {
      if (!topology.tenants.includes(user))
        problems.push(`workload.${i}.${key}: ${JSON.stringify(user)} is not a tenant of the topology; allowed: ${topology.tenants.join(", ")}`);
    }
    if (m.needsAttestation && !s.attestation) problems.push(`workload.${i}: a ${step.kind} step needs the scenario's attestation block (attestation: {})`);
    if (m.needsKerberos && !profile.kerberos) problems.push(`workload.${i}: a ${step.kind} step needs a Kerberized cluster: security: { profile: "${profile.name.split("+")[0]}", kerberos: {} }`);
    for (const [key, node] of refs.nodes ?? []) {
      if (!nodes.includes(node)) problems.push(`workload.${i}.${key}: no ${node}; the topology's nodes: ${nodes.join(", ")}`);
    }
    for (const [key, target] of refs.targets ?? []) {
      const t = s.workload.findIndex((w) => w.id === target);
      const aimable = t >= 0 && t < i && (stepModule(s.workload[t]!.kind).isTarget?.(s.workload[t] as never) ?? false);
      if (!aimable) problems.push(`workload.${i}.${key}: ${JSON.stringify(target)} must name an earlier background spark-submit step`);
    }
  }
  for (const kind of ["spark", "hadoop"] as const) {
    const pin = s.versions?.[kind];
    if (pin !== undefined) collect(problems, "versions", () => resolveVersion(loadManifest(), kind, pin, `versions.${kind}`));
  }
  for (const [i, n] of (s.capture?.nodes ?? []).entries()) {
    if (!nodes.includes(n)) problems.push(`capture.nodes.${i}: no node ${JSON.stringify(n)}; nodes: ${nodes.join(", ")}`);
  }
  for (const [name, c] of Object.entries(s.checkers)) {
    if (ATTESTATION_CHECKERS.has(c.kind) && !s.attestation)
      problems.push(`checkers.${name}: a ${c.kind} checker needs the scenario's attestation block`);
    if (CAPTURE_CHECKERS.has(c.kind) && !s.capture)
      problems.push(`checkers.${name}: a ${c.kind} checker needs capture.nodes`);
    // a checker names one step (`step`) or several (`steps`); every name must be a workload step
    const named = "step" in c ? [c.step] : (("steps" in c ? c.steps : undefined) ?? []);
    for (const step of named) {
      if (!ids.has(step)) problems.push(`checkers.${name}.steps: no workload step ${JSON.stringify(step)}; steps: ${[...ids].join(", ")}`);
    }
  }
  if (problems.length > 0) throw new HarnessError("SCENARIO_LOAD_FAILED", listProblems(where, problems));
  return { ...s, topology, profile };
}

/** `fn()`'s value, or undefined with its error's message (minus the "invalid <key>:" lead) added to `problems`. */
function collect<T>(problems: string[], key: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    problems.push((e as Error).message.replace(new RegExp(`^invalid ${key}(?: \\([^)]*\\))?: `), ""));
    return undefined;
  }
}

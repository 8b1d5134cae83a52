// What each step kind needs from the cluster it runs on, and whether it changes that cluster: `client` (submit, RM
// REST, RPC from the gateway), `container` (code inside a YARN container), `node` (a shell on a node: capture, file
// tampering, daemon faults, the attestation layer). On a target the harness did not build, a scenario whose needs the
// target does not meet is not run, with the reason (never skipped silently). Pure: no cluster, no Docker.
import type { WorkloadStep } from "./step-registry.ts";

export type StepNeed = "client" | "container" | "node";
/** The needs in order of what a target can give: client ⊂ container ⊂ node. */
export const NEED_ORDER: readonly StepNeed[] = ["client", "container", "node"];

export interface StepNeeds {
  need: StepNeed;
  /** It changes the cluster beyond the scenario's own apps (configuration, a service's state, a file on a node). */
  destructive: boolean;
  /** Why, in a few words (shown in the "not run" detail). */
  why: string;
}

type Kind = WorkloadStep["kind"];
type StepOf<K extends Kind> = Extract<WorkloadStep, { kind: K }>;
type Declaration<K extends Kind> = StepNeeds | ((step: StepOf<K>) => StepNeeds);

const client = (why: string): StepNeeds => ({ need: "client", destructive: false, why });
const container = (why: string): StepNeeds => ({ need: "container", destructive: false, why });
const node = (why: string, destructive = false): StepNeeds => ({ need: "node", destructive, why });

/**
 * One declaration per step kind (the type makes a new kind without one a compile error; step-needs.test.ts checks the
 * registry too). Apps the scenario itself submitted are its own: killing them (rm-kill, keytab-theft) is not destructive.
 */
export const STEP_NEEDS: { [K in Kind]: Declaration<K> } = {
  "spark-submit": client("spark-submit as a tenant"),
  "rm-kill": client("RM REST kill of the scenario's own app"),
  "rogue-rpc": (s) =>
    s.secret === "stolen"
      ? node("a YARN container reads the victim AM's container_tokens; what it printed is read with exec on the NodeManager")
      : client("Spark RPC from the gateway to the scenario's own driver"),
  "standalone-attack": node("an outsider's submission to a standalone master; the marker is looked for on the workers' disks"),
  "standalone-submit": client("spark-submit on the gateway as a tenant, to the standalone master"),
  "standalone-secret-holder": client("a tenant's process on the gateway, holding the cluster's secret, calls the scenario's own driver"),
  "standalone-ui-kill": client("a tenant's POST to the standalone master's web UI, aimed at the scenario's own app"),
  "standalone-master-start": node("a second master process started on the master's node", true),
  "acl-matrix": client("RM REST and submits as each tenant, aimed at the scenario's own apps"),
  "app-report-read": client("RM REST read of the scenario's own app"),
  "runjar-unjar": client("hadoop jar as two local users on the gateway"),
  "mitm-tamper": client("a proxy between the scenario's executors and its client-mode driver, on the gateway's network"),
  "kerberos-login": (s) =>
    s.ticketLife
      ? { need: "client", destructive: true, why: "caps the tenant's ticket life on the KDC (kadmin modprinc -maxlife), undone after" }
      : client("kinit from the tenant's keytab"),
  "container-snoop": node("a YARN container of one tenant looks for another's files; the outcome is read with exec on the NodeManager"),
  "keytab-theft": node("a YARN container reads a keytab; the outcome is read with exec on the NodeManager"),
  "ui-probe": node("probes the driver UI from the ResourceManager's host (the RM proxy's vantage point)"),
  "ui-doas-probe": node("asks the driver UI from the ResourceManager's host and looks for the marker on the driver's host"),
  "config-class": node("reads the provider's trace files on every node"),
  "tamper-file": node("changes a file on a NodeManager (restored after)", true),
  "attest-fault": node("the emulated attestation layer on the NodeManagers"),
  "verifier-outage": node("the emulated attestation layer's verifier leaves the network"),
  "verifier-restart": node("the emulated attestation layer's verifier restarts"),
  "device-key-theft": node("the emulated attestation layer's device key on a NodeManager"),
  "kdc-outage": node("stops the KDC (krb5kdc) until the scenario ends", true),
  "proxy-grant": node("writes hadoop.proxyuser.* into the ResourceManager's core-site.xml and refreshes it (undone after)", true),
};

/** The needs of one step. */
export function stepNeeds(step: WorkloadStep): StepNeeds {
  const d = STEP_NEEDS[step.kind] as Declaration<Kind>;
  return typeof d === "function" ? d(step as never) : d;
}

/** What a target can give (a cluster the harness built gives everything). */
export interface TargetCapabilities {
  /** Code runs in YARN containers (any working YARN cluster). */
  container: boolean;
  /** A shell on the nodes (the target file's `nodes:`). */
  node: boolean;
  /** The cluster is Kerberized (the target file's security.mode). */
  kerberos: boolean;
}

/** The parts of a scenario that decide what it needs (a loaded Scenario fits). */
export interface ScenarioNeedsInput {
  workload: readonly WorkloadStep[];
  capture?: unknown;
  attestation?: unknown;
  profile?: { kerberos?: unknown };
}

export type NotRunReason = "not run: needs node access" | "not run: needs code in YARN containers" | "not run: needs a Kerberized target" | "not run: destructive (use --allow-destructive)";
export type CanRun = { ok: true } | { ok: false; reason: NotRunReason; detail: string };

/** Whether a scenario can run on a target: ok, or the first reason it cannot (node access, Kerberos, then destructive). */
export function canRunOn(s: ScenarioNeedsInput, caps: TargetCapabilities, o: { allowDestructive: boolean }): CanRun {
  const wants: Array<{ need: StepNeed; destructive: boolean; what: string }> = s.workload.map((step) => {
    const n = stepNeeds(step);
    return { need: n.need, destructive: n.destructive, what: `${step.kind} step ${step.id}: ${n.why}` };
  });
  if (s.capture) wants.push({ need: "node", destructive: false, what: "capture: a packet capture beside the nodes" });
  if (s.attestation) wants.push({ need: "node", destructive: false, what: "attestation: the emulated CCA/IMA layer on every NodeManager and a verifier" });
  const lacking = (n: StepNeed): boolean => (n === "node" && !caps.node) || (n === "container" && !caps.container);
  const node = wants.find((w) => w.need === "node" && lacking("node"));
  if (node) return { ok: false, reason: "not run: needs node access", detail: node.what };
  const cont = wants.find((w) => w.need === "container" && lacking("container"));
  if (cont) return { ok: false, reason: "not run: needs code in YARN containers", detail: cont.what };
  if (s.profile?.kerberos && !caps.kerberos) return { ok: false, reason: "not run: needs a Kerberized target", detail: "the scenario's profile is Kerberized; the target's security.mode is simple" };
  const destructive = wants.find((w) => w.destructive);
  if (destructive && !o.allowDestructive) return { ok: false, reason: "not run: destructive (use --allow-destructive)", detail: destructive.what };
  return { ok: true };
}

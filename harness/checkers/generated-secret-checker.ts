// Is a secret the harness generated (the cluster's RPC keystore password) readable in the scenario's packet captures?
// Reads the scan the runner wrote beside the pcaps (generated-secrets.json: kind and hash prefix, never the value).
// "absent" needs positive evidence that the channel which would carry it was captured: the executors' container
// launches, i.e. YARN RPC to a NodeManager (port 8041); a capture without that traffic proves nothing.
import { readCapturedSecrets } from "../wire/captured-secrets.ts";
import { loadCaptures } from "../wire/capture-analysis.ts";
import type { Checker, CheckResult } from "./checker.ts";

/** The NodeManager's RPC port: ContainerManagementProtocol.startContainers (the ContainerLaunchContext) goes there. */
const NM_RPC_PORT = 8041;

export interface GeneratedSecretSpec {
  kind: "generated-secret-on-wire";
  /** The secret's kind in the cluster's registry (keystore-password, kdc-master-password, keytab-0, …). */
  secret: string;
  expect: "present" | "absent";
}

export function generatedSecretOnWire(secret: string, expect: GeneratedSecretSpec["expect"]): GeneratedSecretSpec {
  return { kind: "generated-secret-on-wire", secret, expect };
}

export const generatedSecretChecker: Checker<GeneratedSecretSpec> = {
  kind: "generated-secret-on-wire",
  check(spec, ev): CheckResult {
    const scan = readCapturedSecrets(ev.pcapsDir);
    if (!scan) return { valid: "unknown", message: "no capture was scanned for generated secrets (the scenario captured nothing)" };
    if (scan.problem) return { valid: "unknown", message: scan.problem };
    const scanned = scan.scanned.filter((s) => s.kind === spec.secret);
    if (scanned.length === 0) return { valid: "unknown", message: `the cluster generated no ${spec.secret}: nothing to look for (scanned: ${scan.scanned.map((s) => s.kind).join(", ") || "none"})` };
    const sightings = scan.sightings.filter((s) => s.kind === spec.secret);
    const evidence = { pcaps: scan.pcaps, scanned, sightings };
    if (sightings.length > 0) {
      const where = sightings.map((s) => `${s.pcap} ${s.count}× (${s.streams[0]}${s.firstFileOffset !== undefined ? `, file offset ${s.firstFileOffset}` : ""})`).join("; ");
      const message = `the cluster's ${spec.secret} (sha256 ${sightings[0]!.sha256Prefix}…) is readable in ${sightings.length} capture(s): ${where}`;
      return { valid: spec.expect === "present", message: `${message}; expected ${spec.expect}`, evidence };
    }
    // not found: only meaningful when the launches that would carry it were captured
    const launches = loadCaptures(ev.pcapsDir).flatMap((c) => c.streams.filter((s) => s.dstPort === NM_RPC_PORT && s.data.length > 0).map((s) => ({ node: c.node, stream: s.key, bytes: s.data.length })));
    if (launches.length === 0)
      return { valid: "unknown", message: `${spec.secret} not found, but no YARN RPC to a NodeManager (port ${NM_RPC_PORT}, where container launches go) was captured: absence proves nothing`, evidence };
    const bytes = launches.reduce((n, l) => n + l.bytes, 0);
    const message = `the cluster's ${spec.secret} (sha256 ${scanned[0]!.sha256Prefix}…) is in none of ${scan.pcaps.length} capture(s), which hold ${launches.length} YARN RPC stream(s) to NodeManagers (${(bytes / 1e3).toFixed(1)} KB: the container launches)`;
    return { valid: spec.expect === "absent", message: `${message}; expected ${spec.expect}`, evidence: { ...evidence, launches: launches.slice(0, 10) } };
  },
};

// CVE-2023-22946: did the configuration class from the proxied user's jar run inside the privileged submitter's own
// process? "submitter": a trace from spark-submit on the gateway under the submitter's Kerberos login, or the class's
// own line in spark-submit's output (vulnerable). "confined": none of that, and the class seen running inside the
// application's own containers — proof the jar really carried it (defended). Not seen anywhere: unknown.
import { GATEWAY_NODE } from "../cluster/cluster-config.ts";
import type { ConfigClassTrace } from "../attacks/config-class-trace.ts";
import type { ConfigClassEvidence } from "../steps/config-class-step.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface ConfigClassSpec {
  kind: "config-class-outcome";
  step: string;
  expect: "submitter" | "confined";
}

export function configClassOutcome(step: string, expect: ConfigClassSpec["expect"]): ConfigClassSpec {
  return { kind: "config-class-outcome", step, expect };
}

const SUBMIT_MAIN = "org.apache.spark.deploy.SparkSubmit";

function describeTrace(t: ConfigClassTrace): string {
  const cache = t.ticketCacheReadBytes !== undefined ? `; read the login's ticket cache (${t.ticketCacheReadBytes} bytes)` : t.ticketCacheReadError ? `; ticket cache not readable (${t.ticketCacheReadError})` : "";
  return `${t.mainClass} on ${t.node}: OS user ${t.osUser}, Hadoop login ${t.loginUser} (${t.loginAuth}${t.loginHasKerberos ? ", Kerberos credentials" : ""}), running for ${t.currentUser}${cache}`;
}

/** The outcome of one replay (pure: unit-tested without Docker). */
export function classifyConfigClass(e: ConfigClassEvidence): { outcome: "submitter" | "confined" | "unknown"; why: string } {
  const inSubmitter = e.traces.filter((t) => t.node === GATEWAY_NODE && t.mainClass === SUBMIT_MAIN);
  const inApp = e.traces.filter((t) => t.node !== GATEWAY_NODE);
  // the class's own line in spark-submit's output: it ran there even when it could not leave a trace file
  const said = e.submitterSaid;
  const app = e.spark.app ? `app ${e.spark.app.id} ${e.spark.app.state}/${e.spark.app.finalStatus} as ${e.spark.app.user}` : `no app (${e.spark.submit ? `spark-submit exited ${e.spark.submit.exitCode}` : "spark-submit did not run"})`;
  if (!e.spark.appId && inSubmitter.length === 0 && said.length === 0) return { outcome: "unknown", why: `the submit never reached YARN (${app}): nothing was attempted` };
  if (inSubmitter.length > 0) {
    const t = inSubmitter[0]!;
    const loginName = t.loginUser.split(/[@/]/)[0];
    if (loginName !== e.submitter || !t.loginHasKerberos)
      return { outcome: "unknown", why: `the class ran in spark-submit, but not under ${e.submitter}'s Kerberos login: ${describeTrace(t)}` };
    return { outcome: "submitter", why: `${e.proxyUser}'s configuration class ran inside ${e.submitter}'s spark-submit — ${describeTrace(t)}; ${app}` };
  }
  if (said.length > 0) return { outcome: "submitter", why: `${e.proxyUser}'s configuration class ran inside ${e.submitter}'s spark-submit (no trace file; it said: ${said[0]}); ${app}` };
  // the class must be seen loading somewhere, or the jar may never have carried it: the warning alone proves nothing
  if (inApp.length === 0)
    return { outcome: "unknown", why: `the class ran nowhere${e.ignoredClasspath ? " (spark-submit did warn that it ignored the class path)" : ""}: the jar may not carry it, so the replay shows nothing (${app})` };
  // the warning names no jar in 3.3.4/3.4.0 (printed after the list is cleared); this submit's only extra jar is e.jar
  const dropped = e.ignoredClasspath !== undefined ? `; spark-submit dropped the --jars ${e.jar} from its class path: "${e.ignoredClasspath}"` : "";
  return { outcome: "confined", why: `not loaded in ${e.submitter}'s spark-submit; the class ran only in the application: ${inApp.map(describeTrace).join("; ")}${dropped}; ${app}` };
}

export const configClassChecker: Checker<ConfigClassSpec> = {
  kind: "config-class-outcome",
  check(spec, ev): CheckResult {
    const s = ev.step(spec.step);
    const e = s?.evidence<ConfigClassEvidence>();
    if (!e) return { valid: "unknown", message: `${spec.step}: no replay (${s?.problem ?? "the step did not run"})` };
    const c = classifyConfigClass(e);
    const evidence = { traces: e.traces, ignoredClasspath: e.ignoredClasspath ?? null, app: e.spark.app ?? null, jar: e.jar };
    if (c.outcome === "unknown") return { valid: "unknown", message: `${spec.step}: ${c.why}; expected ${spec.expect}`, evidence };
    const verdict = c.outcome === "submitter" ? "vulnerable" : "defended";
    return { valid: c.outcome === spec.expect, message: `${verdict}: ${c.why}; expected ${spec.expect}`, evidence };
  },
};

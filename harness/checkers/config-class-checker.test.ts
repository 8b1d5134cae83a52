import { describe, expect, it } from "vitest";
import { IGNORE_CLASSPATH, PROVIDER_SAYS, parseTrace, splitTails, type ConfigClassTrace } from "../attacks/config-class-trace.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { ConfigClassStepSchema, configClass, type ConfigClassEvidence } from "../steps/config-class-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { configClassChecker, configClassOutcome } from "./config-class-checker.ts";

const JAR = "/opt/shieldlab/jobs/config-class-provider.jar";
const submitterTrace: ConfigClassTrace = {
  node: "gateway", host: "sl-gateway.net", pid: "812", mainClass: "org.apache.spark.deploy.SparkSubmit", osUser: "bob",
  loginUser: "bob@SHIELDLAB.TEST", loginAuth: "KERBEROS", loginHasKerberos: true,
  currentUser: "john (auth:PROXY) via bob@SHIELDLAB.TEST (auth:KERBEROS)", ticketCache: "/home/bob/.krb5cc-shieldlab", ticketCacheReadBytes: 1402,
};
const appTrace: ConfigClassTrace = { ...submitterTrace, node: "nm-1", host: "sl-nm-1.net", mainClass: "org.apache.spark.deploy.yarn.ApplicationMaster", osUser: "yarn", loginUser: "john", loginAuth: "TOKEN", loginHasKerberos: false, currentUser: "john (auth:TOKEN)", ticketCache: undefined, ticketCacheReadBytes: undefined };
const app = { id: "application_1764500000000_0001", user: "john", state: "FINISHED", finalStatus: "SUCCEEDED" };
const replay = (o: Partial<ConfigClassEvidence> = {}): ConfigClassEvidence => ({
  submitter: "bob", proxyUser: "john", jar: JAR, traces: [submitterTrace, appTrace], submitterSaid: [],
  spark: { tenant: "bob", deployMode: "cluster", appId: app.id, app: app as never }, ...o,
});
const IGNORED = "Warning: Ignore classpath  with proxy user specified in Cluster mode when spark.submit.proxyUser.allowCustomClasspathInClusterMode is disabled";
const confinedReplay = replay({ traces: [appTrace], ignoredClasspath: IGNORED });

const ev = (e: ConfigClassEvidence | undefined) =>
  new ScenarioEvidence(new History(), new Map([["config-class", stepRecord(ConfigClassStepSchema.parse(configClass({ submitter: "bob", proxyUser: "john" })), { evidence: e })]]), "/nonexistent");
const check = (expect: "submitter" | "confined", e: ConfigClassEvidence | undefined) => configClassChecker.check(configClassOutcome("config-class", expect), ev(e)) as { valid: unknown; message: string };

describe("configClassChecker", () => {
  it("a trace from the submitter's spark-submit under its login is vulnerable: fails when confined is expected", () => {
    const r = check("submitter", replay());
    expect(r.valid).toBe(true);
    expect(r.message).toContain("Hadoop login bob@SHIELDLAB.TEST");
    expect(r.message).toContain("1402 bytes");
    expect(check("confined", replay()).valid).toBe(false);
  });

  it("no trace in spark-submit and the class seen in the app is confined: fails when submitter is expected", () => {
    expect(check("confined", confinedReplay).valid).toBe(true);
    expect(check("confined", confinedReplay).message).toContain("dropped the --jars");
    expect(check("submitter", confinedReplay).valid).toBe(false);
  });

  it("spark-submit's warning alone is not a defence: the class must be seen loading somewhere (else unknown)", () => {
    const r = check("confined", replay({ traces: [], ignoredClasspath: IGNORED }));
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("the jar may not carry it");
  });

  it("the class's own line in spark-submit's output is vulnerable even without a trace file", () => {
    const said = replay({ traces: [appTrace], submitterSaid: ["SHIELDLAB-CONFIG-CLASS trace failed: java.nio.file.AccessDeniedException: /tmp/shieldlab-config-class/x"] });
    expect(check("submitter", said).valid).toBe(true);
    expect(check("confined", said).valid).toBe(false);
  });

  it("a trace under another login, or one without Kerberos credentials, is unknown", () => {
    expect(check("submitter", replay({ traces: [{ ...submitterTrace, loginUser: "bobby@SHIELDLAB.TEST" }] })).valid).toBe("unknown");
    expect(check("submitter", replay({ traces: [{ ...submitterTrace, loginHasKerberos: false }] })).valid).toBe("unknown");
  });

  it("the class running only in the app's containers proves the jar was there, without the log line", () => {
    const r = check("confined", replay({ traces: [appTrace] }));
    expect(r.valid).toBe(true);
    expect(r.message).toContain("ran only in the application");
  });

  it("no trace anywhere and no log line: unknown (the attack was not there), never defended", () => {
    const r = check("confined", replay({ traces: [] }));
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("the class ran nowhere");
  });

  it("a submit that never reached YARN, or a trace under another login, is unknown", () => {
    expect(check("submitter", replay({ traces: [], spark: { tenant: "bob", deployMode: "cluster", submit: { exitCode: 1 } as never } })).valid).toBe("unknown");
    expect(check("submitter", replay({ traces: [{ ...submitterTrace, loginUser: "alice@SHIELDLAB.TEST" }] })).valid).toBe("unknown");
    expect(check("submitter", undefined).valid).toBe("unknown");
  });
});

describe("config-class traces", () => {
  it("recognises spark-submit's real warning (3.3.4 and 3.4.0 print it with an empty list) and the provider's lines", () => {
    expect(IGNORE_CLASSPATH.test(IGNORED)).toBe(true);
    expect(IGNORE_CLASSPATH.test("26/11/30 WARN SparkSubmit: Ignore classpath file:/x.jar with proxy user specified in Cluster mode when …")).toBe(true);
    expect(IGNORE_CLASSPATH.test("INFO Client: Uploading resource file:/x.jar")).toBe(false);
    expect(PROVIDER_SAYS.test("SHIELDLAB-CONFIG-CLASS loaded in org.apache.spark.deploy.SparkSubmit as bob@SHIELDLAB.TEST")).toBe(true);
  });

  it("parses the provider's key=value file and splits tail -v output per file", () => {
    const file = "host=h\npid=9\nmainClass=org.apache.spark.deploy.SparkSubmit\nosUser=bob\nloginUser=bob@R\nloginAuth=KERBEROS\nloginHasKerberos=true\ncurrentUser=john (auth:PROXY) via bob@R (auth:KERBEROS)\nticketCache=/home/bob/c\nticketCacheReadBytes=77\n";
    const texts = splitTails(`==> /tmp/shieldlab-config-class/h-9.trace <==\n${file}\n==> /tmp/shieldlab-config-class/h-10.trace <==\nhost=h\n`);
    expect(texts).toHaveLength(2);
    const t = parseTrace("gateway", texts[0]!);
    expect(t).toMatchObject({ node: "gateway", osUser: "bob", loginHasKerberos: true, ticketCacheReadBytes: 77, currentUser: "john (auth:PROXY) via bob@R (auth:KERBEROS)" });
    expect(parseTrace("gateway", texts[1]!)).toBeUndefined();
  });
});

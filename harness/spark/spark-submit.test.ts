import { RedactingWriter } from "../util/redacting-writer.ts";
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExecOptions } from "../engine/container-exec.ts";
import type { StartedCluster } from "../cluster/started-cluster.ts";
import { parseTopology } from "../cluster/topology.ts";
import { JOBS_JAR } from "../images/hadoop-spark-image.ts";
import { silentLogger } from "../log/logger.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import { appIdFrom, kerberizedCommand, kerberosLoginOf, sparkSubmit, submitCommand } from "./spark-submit.ts";

const gateway = "shieldlab-abcdef-gateway.shieldlab-20261122-000000-abcdef";

/** The value that follows `flag` (first occurrence). */
function after(cmd: string[], flag: string): string | undefined {
  const i = cmd.indexOf(flag);
  return i >= 0 ? cmd[i + 1] : undefined;
}
/** Every --conf k=v pair. */
function confs(cmd: string[]): string[] {
  return cmd.flatMap((a, i) => (cmd[i - 1] === "--conf" ? [a] : []));
}

describe("submitCommand", () => {
  it("builds a client-mode submit that points the driver at the gateway", () => {
    const cmd = submitCommand({ tenant: "alice", mainClass: "shieldlab.jobs.Pi", args: ["10"] }, "alice", gateway);
    expect(cmd[0]).toBe("spark-submit");
    expect(after(cmd, "--master")).toBe("yarn");
    expect(after(cmd, "--deploy-mode")).toBe("client");
    expect(after(cmd, "--queue")).toBe("alice");
    expect(after(cmd, "--class")).toBe("shieldlab.jobs.Pi");
    expect(confs(cmd)).toEqual([`spark.driver.host=${gateway}`]);
    // the jar comes after all options, then the job's own arguments
    expect(cmd.slice(-2)).toEqual([JOBS_JAR, "10"]);
  });

  it("does not set spark.driver.host in cluster mode", () => {
    const cmd = submitCommand({ tenant: "bob", mainClass: "shieldlab.jobs.Shuffle", deployMode: "cluster" }, "shared", gateway);
    expect(after(cmd, "--deploy-mode")).toBe("cluster");
    expect(after(cmd, "--queue")).toBe("shared");
    expect(after(cmd, "--class")).toBe("shieldlab.jobs.Shuffle");
    expect(cmd.join(" ")).not.toContain("spark.driver.host");
    expect(cmd.at(-1)).toBe(JOBS_JAR);
  });

  it("passes user conf through as --conf k=v, keeping = in values", () => {
    const cmd = submitCommand(
      { tenant: "alice", mainClass: "M", deployMode: "cluster", conf: { "spark.executor.instances": "2", "spark.executorEnv.X": "a=b" }, jar: "/tmp/j.jar" },
      "alice",
      gateway,
    );
    expect(confs(cmd)).toEqual(["spark.executor.instances=2", "spark.executorEnv.X=a=b"]);
    expect(cmd.at(-1)).toBe("/tmp/j.jar");
    expect(cmd).not.toContain(JOBS_JAR);
  });

  it("lets user conf override the driver host in client mode without duplicating it", () => {
    const cmd = submitCommand({ tenant: "alice", mainClass: "M", conf: { "spark.driver.host": "10.0.0.9" } }, "alice", gateway);
    expect(confs(cmd)).toEqual(["spark.driver.host=10.0.0.9"]);
  });
});

describe("submitCommand on a Kerberized cluster", () => {
  const req = { tenant: "alice", mainClass: "M" };

  it("logs in from the tenant's keytab by default, with its own principal", () => {
    const cmd = submitCommand(req, "alice", gateway, true);
    expect(after(cmd, "--principal")).toBe("alice@SHIELDLAB.TEST");
    expect(after(cmd, "--keytab")).toBe("/home/alice/alice.keytab");
    // options before the jar, the jar last
    expect(cmd.indexOf("--keytab")).toBeLessThan(cmd.indexOf(JOBS_JAR));
  });

  it("names no principal or keytab for ticket-cache and none, nor on a cluster without Kerberos", () => {
    for (const kerberos of ["ticket-cache", "none"] as const) {
      const cmd = submitCommand({ ...req, kerberos }, "alice", gateway, true);
      expect(cmd).not.toContain("--principal");
      expect(cmd).not.toContain("--keytab");
    }
    expect(submitCommand(req, "alice", gateway, false)).not.toContain("--principal");
    expect(submitCommand({ ...req, kerberos: "keytab" }, "alice", gateway, false)).not.toContain("--keytab");
  });

  it("submits for a proxy user from the ticket cache: spark-submit refuses --proxy-user with --principal", () => {
    const cmd = submitCommand({ ...req, proxyUser: "bob" }, "alice", gateway, true);
    expect(after(cmd, "--proxy-user")).toBe("bob");
    expect(cmd).not.toContain("--principal");
    expect(kerberosLoginOf({ proxyUser: "bob" })).toBe("ticket-cache");
    expect(kerberosLoginOf({})).toBe("keytab");
    const e = (() => {
      try {
        return submitCommand({ ...req, proxyUser: "bob", kerberos: "keytab" }, "alice", gateway, true);
      } catch (x) {
        return x;
      }
    })();
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    expect((e as Error).message).toContain("--proxy-user with --principal");
    // simple auth: --proxy-user alone (the keytab question does not arise)
    expect(after(submitCommand({ ...req, proxyUser: "bob" }, "alice", gateway, false), "--proxy-user")).toBe("bob");
  });

  it("empties the cache for none, gets a ticket for a default proxy submit, and runs spark-submit as is otherwise", () => {
    const spark = ["spark-submit", "--master", "yarn"];
    const none = kerberizedCommand({ ...req, kerberos: "none" }, spark);
    expect(none.slice(0, 2)).toEqual(["bash", "-c"]);
    expect(none[2]).toMatch(/^kdestroy -q .*; exec "\$@"$/);
    // bash -c script $0 $@: "$@" is the whole spark-submit command line
    expect(none.slice(3)).toEqual(["spark-submit", ...spark]);
    const proxy = kerberizedCommand({ ...req, proxyUser: "bob" }, spark);
    expect(proxy[2]).toBe(`klist -s 2>/dev/null || kinit -kt '/home/alice/alice.keytab' 'alice@SHIELDLAB.TEST'; exec "$@"`);
    expect(proxy.slice(3)).toEqual(["spark-submit", ...spark]);
    expect(kerberizedCommand({ ...req, proxyUser: "bob", kerberos: "ticket-cache" }, spark)).toEqual(spark);
    expect(kerberizedCommand(req, spark)).toEqual(spark);
  });
});

describe("appIdFrom", () => {
  it("finds the application id inside a Spark log line", () => {
    const line = "25/11/22 12:00:01 INFO YarnClientImpl: Submitted application application_1795364789888_0002";
    expect(appIdFrom(line)).toBe("application_1795364789888_0002");
  });

  it("finds it in a URL and among several lines, taking the first", () => {
    const text = [
      "INFO Client: Application report for application_1795364789888_0003 (state: ACCEPTED)",
      "tracking URL: http://rm:8088/proxy/application_1795364789888_0004/",
    ].join("\n");
    expect(appIdFrom(text)).toBe("application_1795364789888_0003");
    expect(appIdFrom("tracking URL: http://rm:8088/proxy/application_1795364789888_0004/")).toBe("application_1795364789888_0004");
  });

  it("ignores container ids' neighbours and malformed ids", () => {
    expect(appIdFrom("no app here")).toBeUndefined();
    expect(appIdFrom("application_123_0001")).toBeUndefined();
    expect(appIdFrom("myapplication_1795364789888_0002")).toBeUndefined();
  });
});

describe("sparkSubmit environment", () => {
  const run = async (kerberos: boolean, login?: "none"): Promise<{ cmd: string[]; o: ExecOptions }> => {
    let seen: { cmd: string[]; o: ExecOptions } | undefined;
    const cluster = {
      topology: parseTopology({ tenants: ["alice"] }),
      profile: resolveProfile(kerberos ? { profile: "plain", kerberos: {} } : "plain"),
      hosts: { prefix: "p", rm: "p-rm", gateway },
      log: silentLogger,
      secretRegistry: new SecretRegistry("submit-env-test"),
      tenantPrincipal: (t: string) => `${t}@SHIELDLAB.TEST`,
      exec: async (_node: string, cmd: string[], o: ExecOptions) => {
        seen = { cmd, o };
        return { exitCode: 0, stdout: "", stderr: "" };
      },
    } as unknown as StartedCluster;
    await sparkSubmit(cluster, { tenant: "alice", mainClass: "M", ...(login ? { kerberos: login } : {}) });
    return seen!;
  };

  it("simple auth names the user in HADOOP_USER_NAME; Kerberos gives the tenant its own ticket cache instead", async () => {
    const simple = await run(false);
    expect(simple.o.env).toEqual({ HOME: "/home/alice", HADOOP_USER_NAME: "alice" });
    expect(simple.o.user).toBe("alice");
    expect(simple.cmd).not.toContain("--keytab");
    const krb = await run(true);
    expect(krb.o.env).toEqual({ HOME: "/home/alice", KRB5CCNAME: "FILE:/home/alice/.krb5cc-shieldlab" });
    expect(after(krb.cmd, "--keytab")).toBe("/home/alice/alice.keytab");
    const none = await run(true, "none");
    expect(none.cmd[0]).toBe("bash");
    expect(none.cmd).not.toContain("--keytab");
  });
});

describe("sparkSubmit redaction", () => {
  it("keeps the cluster's generated secrets out of submit.log and of the command, stdout and stderr it returns", async () => {
    const secretRegistry = new SecretRegistry("submit-test");
    const pw = secretRegistry.generate("keystore-password");
    // a gateway that echoes the password the way a verbose spark-submit or a failing keytool would
    const cluster = {
      topology: parseTopology({ tenants: ["alice"] }),
      profile: resolveProfile("plain"),
      hosts: { prefix: "p", rm: "p-rm", gateway },
      log: silentLogger,
      secretRegistry,
      tenantPrincipal: (t: string) => `${t}@SHIELDLAB.TEST`,
      exec: async (_node: string, cmd: string[], o: ExecOptions) => {
        // the engine's exec writes the tee through a RedactingWriter with the secrets it is given
        if (o.teeFile) {
          expect(o.teeSecrets, "sparkSubmit must give the exec its secrets to redact the tee with").toBeDefined();
          const w = new RedactingWriter(o.teeFile, o.teeSecrets!);
          w.write(`${cmd.join(" ")}\nINFO Submitted application application_1700000000000_0001\n`);
          w.end();
        }
        return { exitCode: 0, stdout: `password ${pw}`, stderr: `conf ${pw} application_1700000000000_0001` };
      },
    } as unknown as StartedCluster;
    const logDir = mkdtempSync(join(tmpdir(), "shieldlab-submit-"));
    const r = await sparkSubmit(cluster, { tenant: "alice", mainClass: "shieldlab.jobs.Pi", conf: { "spark.ssl.rpc.keyStorePassword": pw }, logDir });
    expect(r.appId).toBe("application_1700000000000_0001");
    const log = readFileSync(join(logDir, "submit.log"), "utf8");
    expect(log).toContain("spark.ssl.rpc.keyStorePassword=[redacted:keystore-password sha256=");
    expect(JSON.stringify({ log, r })).not.toContain(pw);
  });
});

describe("sparkSubmit and Spark's UI start race", () => {
  const raceStderr = [
    "ERROR SparkContext: Error initializing SparkContext.",
    "java.util.ConcurrentModificationException",
    "\tat java.base/java.util.ArrayList$ArrayListSpliterator.forEachRemaining(ArrayList.java:1631)",
    "\tat org.sparkproject.jetty.servlet.ServletHandler.initialize(ServletHandler.java:749)",
    "INFO Submitted application application_1700000000000_0001",
    "",
  ].join("\n");
  const clusterWith = (answers: Array<{ exitCode: number; stderr: string }>): { cluster: StartedCluster; calls: () => number } => {
    let n = 0;
    const cluster = {
      topology: parseTopology({ tenants: ["alice"] }),
      profile: resolveProfile("plain"),
      hosts: { prefix: "p", rm: "p-rm", gateway },
      log: silentLogger,
      secretRegistry: new SecretRegistry("submit-race-test"),
      tenantPrincipal: (t: string) => `${t}@SHIELDLAB.TEST`,
      exec: async (_node: string, _cmd: string[], o: ExecOptions) => {
        const a = answers[Math.min(n++, answers.length - 1)]!;
        if (o.teeFile) appendFileSync(o.teeFile, a.stderr);
        o.onOutput?.(a.stderr);
        return { exitCode: a.exitCode, stdout: "", stderr: a.stderr };
      },
    } as unknown as StartedCluster;
    return { cluster, calls: () => n };
  };

  it("submits once more, keeps the first attempt's log and says so; the caller forgets the first app id", async () => {
    const second = { exitCode: 0, stderr: "INFO Submitted application application_1700000000000_0002\n" };
    const { cluster, calls } = clusterWith([{ exitCode: 1, stderr: raceStderr }, second]);
    const logDir = mkdtempSync(join(tmpdir(), "shieldlab-race-"));
    const seen: string[] = [];
    const r = await sparkSubmit(cluster, { tenant: "alice", mainClass: "M", logDir, onOutput: (t) => seen.push(appIdFrom(t) ?? ""), onRetry: () => seen.push("retry") });
    expect(calls()).toBe(2);
    expect(r.exitCode).toBe(0);
    expect(r.appId).toBe("application_1700000000000_0002");
    expect(r.uiStartRace).toEqual({ firstAppId: "application_1700000000000_0001", log: join(logDir, "submit-ui-start-race.log") });
    expect(seen).toEqual(["application_1700000000000_0001", "retry", "application_1700000000000_0002"]);
    expect(readFileSync(join(logDir, "submit-ui-start-race.log"), "utf8")).toContain("ConcurrentModificationException");
    expect(readFileSync(join(logDir, "submit.log"), "utf8")).not.toContain("ConcurrentModificationException");
  });

  it("retries only once, and never another failure", async () => {
    const twice = clusterWith([{ exitCode: 1, stderr: raceStderr }]);
    const r = await sparkSubmit(twice.cluster, { tenant: "alice", mainClass: "M" });
    expect(twice.calls()).toBe(2);
    expect(r.exitCode).toBe(1);
    expect(r.uiStartRace?.firstAppId).toBe("application_1700000000000_0001");
    const other = clusterWith([{ exitCode: 1, stderr: "ERROR SparkContext: Error initializing SparkContext.\njava.io.IOException: no\n" }]);
    const o = await sparkSubmit(other.cluster, { tenant: "alice", mainClass: "M" });
    expect(other.calls()).toBe(1);
    expect(o.uiStartRace).toBeUndefined();
  });
});

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
import { appIdFrom, sparkSubmit, submitCommand } from "./spark-submit.ts";

const gateway = "shieldlab-abcdef-gateway";

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

describe("sparkSubmit redaction", () => {
  it("keeps the cluster's generated secrets out of submit.log and of the command, stdout and stderr it returns", async () => {
    const secretRegistry = new SecretRegistry("submit-test");
    const pw = secretRegistry.generate("keystore-password");
    // a gateway that echoes the password the way a verbose spark-submit or a failing keytool would
    const cluster = {
      topology: parseTopology({ tenants: ["alice"] }),
      hosts: { prefix: "p", rm: "p-rm", gateway },
      log: silentLogger,
      secretRegistry,
      exec: async (_node: string, cmd: string[], o: ExecOptions) => {
        if (o.teeFile) appendFileSync(o.teeFile, `${cmd.join(" ")}\nINFO Submitted application application_1700000000000_0001\n`);
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

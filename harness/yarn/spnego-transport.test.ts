import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { ExecOptions, ExecResult } from "../engine/container-exec.ts";
import { isHarnessError } from "../errors/harness-error.ts";
import { RmClient } from "./rm-client.ts";
import { NO_CCACHE, spnegoCommand, spnegoTransport, type SpnegoTransportOptions } from "./spnego-transport.ts";

const options: SpnegoTransportOptions = {
  baseUrl: "http://p-rm.d:8088",
  harness: { keytab: "/etc/security/keytabs/harness.keytab", principal: "yarn@SHIELDLAB.TEST", ccache: "/root/.krb5cc-harness" },
  tenant: (u) => ({ keytab: `/home/${u}/${u}.keytab`, principal: `${u}@SHIELDLAB.TEST`, ccache: `/tmp/krb5cc_shieldlab_${u}` }),
};
const path = "/ws/v1/cluster/apps/application_1_0001/state?user.name=john";

describe("spnegoCommand", () => {
  it("the harness calls with its own admin ticket, from its keytab when its cache holds none", () => {
    const { script, env } = spnegoCommand(options, { method: "GET", path: "/ws/v1/cluster/nodes" });
    expect(env).toEqual({ KRB5CCNAME: "FILE:/root/.krb5cc-harness", RM_URL: "http://p-rm.d:8088/ws/v1/cluster/nodes", RM_METHOD: "GET", RM_BODY: "" });
    expect(script).toContain("klist -s 2>/dev/null || { [ -r '/etc/security/keytabs/harness.keytab' ] && kinit -kt '/etc/security/keytabs/harness.keytab' 'yarn@SHIELDLAB.TEST'; } || true; curl ");
    expect(script).toContain("--negotiate -u :");
    expect(script).not.toContain("Content-Type");
  });

  it("a tenant calls with its own ticket cache and keytab; the URL and body travel in the environment, not the script", () => {
    const body = `{"state":"KILLED","x":"it's \\"quoted\\" $(rm -rf /)"}`;
    const { script, env } = spnegoCommand(options, { method: "PUT", path, body, user: "tim", credentials: "ticket" });
    expect(env.KRB5CCNAME).toBe("FILE:/tmp/krb5cc_shieldlab_tim");
    expect(env.RM_URL).toBe(`http://p-rm.d:8088${path}`);
    expect(env.RM_BODY).toBe(body);
    expect(script).toContain("kinit -kt '/home/tim/tim.keytab' 'tim@SHIELDLAB.TEST'");
    expect(script).toContain("--negotiate -u :");
    expect(script).toContain(`-H 'Content-Type: application/json' --data-binary "$RM_BODY"`);
    expect(script).not.toContain("application_1_0001");
    expect(script).not.toContain("KILLED");
  });

  it("no credentials: no --negotiate, no kinit, and the caller's own ticket cache is neither used nor emptied", () => {
    const { script, env } = spnegoCommand(options, { method: "PUT", path, body: "{}", user: "tim", credentials: "none" });
    expect(script).not.toContain("--negotiate");
    expect(script).not.toMatch(/kinit|kdestroy|klist/);
    expect(script.startsWith("curl ")).toBe(true);
    expect(env.KRB5CCNAME).toBe(NO_CCACHE);
  });
});

/** Runs the script in a real bash with curl, klist and kinit replaced by stubs that log their arguments. */
async function runScript(script: string, env: Record<string, string>, o: { ticket: boolean; keytab: boolean; status: number }): Promise<{ stdout: string; log: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "shieldlab-spnego-"));
  const stub = (name: string, body: string): void => {
    writeFileSync(join(dir, name), `#!/bin/bash\necho "${name} $*" >> "${dir}/log"\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub("klist", o.ticket ? "exit 0" : "exit 1");
  stub("kinit", "exit 0");
  stub("kdestroy", "exit 0");
  // curl: the body it would send is the RM's answer; -w's format is the last argument but one
  stub("curl", `echo "body=$RM_BODY ccache=$KRB5CCNAME"; fmt="\${@: -2:1}"; printf "\${fmt//%\\{http_code\\}/${o.status}}"`);
  const keytab = join(dir, "tim.keytab");
  if (o.keytab) writeFileSync(keytab, "k");
  const run = promisify(execFile);
  const r = await run("bash", ["-c", script.replaceAll("/home/tim/tim.keytab", keytab)], { env: { ...env, PATH: `${dir}:/usr/bin:/bin` } });
  const log = (() => {
    try {
      return readFileSync(join(dir, "log"), "utf8").trim().split("\n");
    } catch {
      return [];
    }
  })();
  return { stdout: r.stdout, log };
}

describe("the script in a shell", () => {
  it("kinits from the keytab when the cache is empty, then calls curl --negotiate; the status comes last", async () => {
    const { script, env } = spnegoCommand(options, { method: "PUT", path, body: `{"state":"KILLED"}`, user: "tim", credentials: "ticket" });
    const r = await runScript(script, env, { ticket: false, keytab: true, status: 403 });
    expect(r.log[0]).toBe("klist -s");
    expect(r.log[1]).toMatch(/^kinit -kt \S+tim\.keytab tim@SHIELDLAB\.TEST$/);
    expect(r.log[2]).toMatch(/^curl -sS --max-time 15 -X PUT -H Accept: application\/json --negotiate -u : -H Content-Type: application\/json --data-binary \{"state":"KILLED"\} -w /);
    expect(r.stdout).toBe(`body={"state":"KILLED"} ccache=FILE:/tmp/krb5cc_shieldlab_tim\n\n#shieldlab-http-status:403`);
  });

  it("keeps a valid ticket, and calls anyway (to be refused) when there is neither ticket nor keytab", async () => {
    const { script, env } = spnegoCommand(options, { method: "GET", path, user: "tim", credentials: "ticket" });
    expect((await runScript(script, env, { ticket: true, keytab: true, status: 200 })).log.map((l) => l.split(" ")[0])).toEqual(["klist", "curl"]);
    expect((await runScript(script, env, { ticket: false, keytab: false, status: 401 })).log.map((l) => l.split(" ")[0])).toEqual(["klist", "curl"]);
  });

  it("with no credentials runs curl alone", async () => {
    const { script, env } = spnegoCommand(options, { method: "GET", path, user: "tim", credentials: "none" });
    const r = await runScript(script, env, { ticket: true, keytab: true, status: 401 });
    expect(r.log.map((l) => l.split(" ")[0])).toEqual(["curl"]);
    expect(r.stdout.endsWith("#shieldlab-http-status:401")).toBe(true);
  });
});

/** A gateway that records each exec and answers with `result`. */
function fakeGateway(result: Partial<ExecResult>): { exec: (cmd: string[], o?: ExecOptions) => Promise<ExecResult>; calls: Array<{ cmd: string[]; o?: ExecOptions }> } {
  const calls: Array<{ cmd: string[]; o?: ExecOptions }> = [];
  return {
    calls,
    exec: async (cmd, o) => {
      calls.push({ cmd, o });
      return { exitCode: 0, stdout: "", stderr: "", output: "", ...result } as ExecResult;
    },
  };
}

describe("spnegoTransport", () => {
  it("runs the call on the gateway as the calling tenant and reads the status from the marker line", async () => {
    const g = fakeGateway({ stdout: `{"RemoteException":{"message":"tim cannot kill"}}\n#shieldlab-http-status:403` });
    const r = await spnegoTransport(g.exec, options)({ method: "PUT", path, body: "{}", user: "tim", credentials: "ticket" });
    expect(r).toEqual({ status: 403, text: `{"RemoteException":{"message":"tim cannot kill"}}` });
    expect(g.calls[0]!.cmd.slice(0, 2)).toEqual(["bash", "-c"]);
    expect(g.calls[0]!.o?.user).toBe("tim");
    expect(g.calls[0]!.o?.env?.KRB5CCNAME).toBe("FILE:/tmp/krb5cc_shieldlab_tim");
  });

  it("the harness's own calls run as the container's default user (root), not as a tenant", async () => {
    const g = fakeGateway({ stdout: `{}\n#shieldlab-http-status:200` });
    await spnegoTransport(g.exec, options)({ method: "GET", path: "/ws/v1/cluster/nodes" });
    expect(g.calls[0]!.o).not.toHaveProperty("user");
  });

  it("a body that contains the marker text itself: the status is the last marker", async () => {
    const g = fakeGateway({ stdout: `x\n#shieldlab-http-status:999 y\n#shieldlab-http-status:200` });
    expect(await spnegoTransport(g.exec, options)({ method: "GET", path })).toEqual({ status: 200, text: "x\n#shieldlab-http-status:999 y" });
  });

  it("a curl that failed (exit ≠ 0) or printed no status is an error naming what it said", async () => {
    const down = fakeGateway({ exitCode: 7, stderr: "curl: (7) Failed to connect to p-rm.d port 8088" });
    await expect(spnegoTransport(down.exec, options)({ method: "GET", path })).rejects.toThrow(/exited 7: curl: \(7\) Failed to connect/);
    const mute = fakeGateway({ stdout: "no marker here" });
    await expect(spnegoTransport(mute.exec, options)({ method: "GET", path })).rejects.toThrow(/exited 0: no marker here/);
  });

  it("under RmClient, such a failure is YARN_API_ERROR naming the call", async () => {
    const down = fakeGateway({ exitCode: 7, stderr: "refused" });
    const e = await new RmClient("http://p-rm.d:8088", undefined, spnegoTransport(down.exec, options)).apps().catch((x: unknown) => x);
    expect(isHarnessError(e, "YARN_API_ERROR")).toBe(true);
    expect((e as Error).message).toMatch(/^GET \/ws\/v1\/cluster\/apps on the ResourceManager failed: curl --negotiate/);
  });
});

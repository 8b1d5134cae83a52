import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExecOptions } from "../engine/container-exec.ts";

// the gateway's exec, recorded: the SPNEGO transport runs curl there
const execs: Array<{ id: string; cmd: string[]; o?: ExecOptions }> = [];
vi.mock("../engine/container-exec.ts", () => ({
  containerExec: async (id: string, cmd: string[], o?: ExecOptions) => {
    execs.push({ id, cmd, o });
    return { exitCode: 0, stdout: `{"apps":null}\n#shieldlab-http-status:200`, stderr: "", output: "" };
  },
}));

const { rmClientFor } = await import("./cluster-builder.ts");
const { clusterHosts } = await import("./cluster-config.ts");
const { resolveProfile } = await import("./security-profile.ts");

const hosts = clusterHosts("20261122-000000-abcdef");

afterEach(() => {
  execs.length = 0;
  vi.unstubAllGlobals();
});

describe("rmClientFor", () => {
  it("without SPNEGO: plain HTTP from this host to the RM's address", async () => {
    for (const profile of [resolveProfile("acls"), resolveProfile({ profile: "acls", kerberos: { spnego: false } })]) {
      const urls: string[] = [];
      vi.stubGlobal("fetch", async (url: string) => (urls.push(url), new Response(`{"apps":null}`)));
      const rm = rmClientFor(profile, hosts, "198.18.0.2", "gw-id");
      expect(rm.baseUrl).toBe("http://198.18.0.2:8088");
      await rm.as("alice").apps();
      expect(urls).toEqual(["http://198.18.0.2:8088/ws/v1/cluster/apps?user.name=alice"]);
      expect(execs).toEqual([]);
    }
  });

  it("with SPNEGO: curl on the gateway to the RM by its FQDN (SPNEGO asks for HTTP/<host>), as the tenant with its own ticket", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new Error("no plain HTTP under SPNEGO");
    });
    const rm = rmClientFor(resolveProfile({ profile: "acls", kerberos: {} }), hosts, "198.18.0.2", "gw-id");
    await rm.as("alice").apps();
    await rm.apps();
    expect(execs.map((e) => e.id)).toEqual(["gw-id", "gw-id"]);
    expect(execs[0]!.o).toMatchObject({ user: "alice", env: { KRB5CCNAME: "FILE:/home/alice/.krb5cc-shieldlab-rest", RM_URL: `http://${hosts.rm}:8088/ws/v1/cluster/apps?user.name=alice` } });
    expect(execs[0]!.cmd[2]).toContain("kinit -kt '/home/alice/alice.keytab' 'alice@SHIELDLAB.TEST'");
    // the harness itself: root, with the yarn admin's keytab and cache
    expect(execs[1]!.o?.user).toBeUndefined();
    expect(execs[1]!.o?.env?.KRB5CCNAME).toBe("FILE:/root/.krb5cc-harness");
    expect(execs[1]!.cmd[2]).toContain("kinit -kt '/etc/security/keytabs/harness.keytab' 'yarn@SHIELDLAB.TEST'");
  });
});

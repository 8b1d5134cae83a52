import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ExecResult } from "../engine/container-exec.ts";
import { isHarnessError, type HarnessError } from "../errors/harness-error.ts";

// every command the KDC handle runs in its container, answered by `answer`
const calls: string[] = [];
let answer: (script: string) => Partial<ExecResult> = () => ({});
vi.mock("../engine/container-exec.ts", () => ({
  containerExec: async (_id: string, cmd: string[]) => {
    const script = cmd.join(" ");
    calls.push(script);
    return { exitCode: 0, stdout: "", stderr: "", output: "", ...answer(script) };
  },
}));

const { StartedKdc } = await import("./started-kdc.ts");

const realm = { realm: "SHIELDLAB.TEST", kdcHost: "p-kdc.d", domain: "d" };
const kdc = () => new StartedKdc({} as never, "kdc-id", realm);

beforeEach(() => {
  calls.length = 0;
  answer = () => ({});
});

describe("StartedKdc", () => {
  it("is found at its realm's KDC host", () => {
    expect(kdc().host).toBe("p-kdc.d");
  });

  it("shortens a principal's ticket life with kadmin.local and puts it back after the scenario", async () => {
    const k = kdc();
    await k.setMaxLife("alice@SHIELDLAB.TEST", "5 seconds");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain("kadmin.local");
    expect(calls[0]).toContain('modprinc -maxlife "5 seconds" alice@SHIELDLAB.TEST');
    calls.length = 0;
    expect(await k.afterScenario()).toEqual([]);
    expect(calls.join("\n")).toContain('modprinc -maxlife "1 hour" alice@SHIELDLAB.TEST');
    // once put back, nothing is left to undo
    calls.length = 0;
    await k.afterScenario();
    expect(calls).toEqual([]);
  });

  it("a kadmin.local that reports an error is LAYER_FAILED with its output, even when it exits 0", async () => {
    // MIT kadmin's own wording for a query on a principal that is not there
    answer = (s) => (s.includes("kadmin.local") ? { stderr: 'modify_principal: Principal does not exist while modifying "nobody@SHIELDLAB.TEST".' } : {});
    const e = await kdc().setMaxLife("nobody@SHIELDLAB.TEST", "5 seconds").catch((x: unknown) => x);
    expect(isHarnessError(e, "LAYER_FAILED")).toBe(true);
    expect((e as Error).message).toContain('modprinc -maxlife "5 seconds" nobody@SHIELDLAB.TEST');
    expect((e as HarnessError).logTail).toContain("Principal does not exist");
    answer = (s) => (s.includes("kadmin.local") ? { stderr: "get_principal: Principal not found" } : {});
    expect(isHarnessError(await kdc().kadmin("getprinc nobody").catch((x: unknown) => x), "LAYER_FAILED")).toBe(true);
    // kadmin's greeting on stderr is no failure
    answer = (s) => (s.includes("kadmin.local") ? { stderr: "Authenticating as principal root/admin@SHIELDLAB.TEST with password.\n" } : {});
    await expect(kdc().kadmin("listprincs")).resolves.toBeDefined();
    answer = (s) => (s.includes("kadmin.local") ? { exitCode: 1 } : {});
    expect(isHarnessError(await kdc().kadmin("listprincs").catch((x: unknown) => x), "LAYER_FAILED")).toBe(true);
  });

  it("an afterScenario whose put-back fails returns the problem instead of throwing", async () => {
    const k = kdc();
    await k.setMaxLife("alice@SHIELDLAB.TEST", "5 seconds");
    answer = (s) => (s.includes("kadmin.local") ? { exitCode: 1, stderr: "kadmin: cannot open database" } : {});
    const problems = await k.afterScenario();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("kadmin.local on the KDC failed");
  });

  it("halts the KDC (down until resumed) and resumes it once port 88 answers", async () => {
    const k = kdc();
    await k.halt();
    expect(k.isDown).toBe(true);
    expect(calls[0]).toContain("touch /run/kdc-down");
    calls.length = 0;
    await k.resume();
    expect(k.isDown).toBe(false);
    expect(calls[0]).toBe("rm -f /run/kdc-down");
    expect(calls.slice(1).every((c) => c.includes("/dev/tcp/127.0.0.1/88"))).toBe(true);
    // resuming a KDC that is up does nothing
    calls.length = 0;
    await k.resume();
    expect(calls).toEqual([]);
  });

  it("a KDC process that does not stop is LAYER_FAILED", async () => {
    answer = (s) => (s.includes("pkill") ? { exitCode: 1 } : {});
    const e = await kdc().halt().catch((x: unknown) => x);
    expect(isHarnessError(e, "LAYER_FAILED")).toBe(true);
    expect((e as Error).message).toBe("the KDC process did not stop");
  });
});

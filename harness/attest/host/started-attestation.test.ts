// The attestation layer's undo list: a fault that cannot be put back is reported to the runner and stays listed.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ExecResult } from "../../engine/container-exec.ts";
import { isHarnessError } from "../../errors/harness-error.ts";

// every command the layer runs in a container, answered by `answer`
const calls: string[] = [];
let answer: (script: string) => Partial<ExecResult> = () => ({});
vi.mock("../../engine/container-exec.ts", () => ({
  containerExec: async (_id: string, cmd: string[]) => {
    const script = cmd.join(" ");
    calls.push(script);
    return { exitCode: 0, stdout: "", stderr: "", output: "", ...answer(script) };
  },
}));

const { StartedAttestation } = await import("./started-attestation.ts");

type Layer = import("./started-attestation.ts").StartedAttestation;
const cluster = { node: (name: string) => ({ containerId: `${name}-id` }), nodeManagers: [], log: { info: () => undefined } };
// the constructor is private to the layer's start(); a test builds the handle around a fake cluster
const layer = (): Layer => new (StartedAttestation as unknown as new (...a: unknown[]) => Layer)(cluster, "verifier-id", "verifier.host", { rimHex: "00", digests: {} }, new Map([["nm-1", "nm-1-id"], ["nm-2", "nm-2-id"]]), "/run/shieldlab/ima");

beforeEach(() => {
  calls.length = 0;
  answer = () => ({});
});

describe("StartedAttestation undo", () => {
  it("puts a device fault back after the scenario, and has nothing left to undo", async () => {
    const a = layer();
    await a.setFaults("nm-1", { skipAttestation: true } as never);
    expect(await a.afterScenario()).toEqual([]);
    expect(calls.at(-1)).toContain("rm -f");
    calls.length = 0;
    expect(await a.undo()).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("reports an undo that failed instead of dropping it, and tries it again next time", async () => {
    const a = layer();
    await a.setFaults("nm-1", { skipAttestation: true } as never);
    answer = (script) => (script.startsWith("rm -f") ? { exitCode: 1, stderr: "read-only file system" } : {});
    const problems = await a.afterScenario();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^rm -f .* failed \(exit 1\) in nm-1-id$/);
    // still listed: the next undo runs it again and, once it works, the list is empty
    calls.length = 0;
    answer = () => ({});
    expect(await a.undo()).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(await a.undo()).toEqual([]);
  });

  it("refuses to prepare the next scenario while an earlier fault is still in place", async () => {
    const a = layer();
    await a.setFaults("nm-1", { skipAttestation: true } as never);
    answer = (script) => (script.startsWith("rm -f") ? { exitCode: 1, stderr: "gone" } : {});
    const e = await a.prepareScenario({} as never).catch((x: unknown) => x);
    expect(isHarnessError(e, "LAYER_FAILED")).toBe(true);
    expect((e as Error).message).toMatch(/^an earlier attestation fault could not be undone: rm -f /);
    // nothing of the next scenario was started: no realm was rebooted
    expect(calls.some((c) => c.includes("reboot"))).toBe(false);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { RmClient } from "./rm-client.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** fetch answering GET /apps/<id> with each state in turn (the last one repeats), or with `status`. */
function rmAnswering(states: string[], status = 200): void {
  let i = 0;
  vi.stubGlobal("fetch", async () => {
    const state = states[Math.min(i++, states.length - 1)];
    return new Response(JSON.stringify({ app: { id: "application_1_0001", state, finalStatus: "UNDEFINED", user: "alice" } }), { status });
  });
}

describe("RmClient.waitForApp", () => {
  it("returns the app once it is in a terminal state", async () => {
    rmAnswering(["ACCEPTED", "RUNNING", "FINISHED"]);
    const seen: string[] = [];
    const app = await new RmClient("http://rm.invalid").waitForApp("application_1_0001", 10_000, (a) => seen.push(a.state), undefined, 1);
    expect(app.state).toBe("FINISHED");
    expect(seen).toEqual(["ACCEPTED", "RUNNING", "FINISHED"]);
  });

  it("times out naming the app, how long and its last state", async () => {
    rmAnswering(["RUNNING"]);
    const e = await new RmClient("http://rm.invalid").waitForApp("application_1_0001", 30, undefined, undefined, 5).catch((x: unknown) => x);
    expect(isHarnessError(e, "TIMEOUT")).toBe(true);
    expect((e as Error).message).toMatch(/^application application_1_0001 ended \(FINISHED, FAILED, KILLED\) in the ResourceManager: not within .* last state: RUNNING$/);
  });

  it("ends at once with the RM's own error when it refuses the request", async () => {
    rmAnswering(["RUNNING"], 403);
    const e = await new RmClient("http://rm.invalid").waitForApp("application_1_0001", 10_000, undefined, undefined, 5).catch((x: unknown) => x);
    expect(isHarnessError(e, "YARN_API_ERROR")).toBe(true);
    expect((e as Error).message).toContain("HTTP 403");
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { RmClient, type RmHttpRequest, type RmTransport } from "./rm-client.ts";

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

describe("RmClient callers and claims", () => {
  /** A transport that records each request and answers 200 with an empty app list. */
  const recording = (): { seen: RmHttpRequest[]; transport: RmTransport } => {
    const seen: RmHttpRequest[] = [];
    return { seen, transport: async (req) => (seen.push(req), { status: 200, text: `{"apps":null}` }) };
  };

  it("the harness itself calls with no user.name and no user; its default credentials are a ticket", async () => {
    const t = recording();
    await new RmClient("http://rm", undefined, t.transport).apps();
    expect(t.seen).toEqual([{ method: "GET", path: "/ws/v1/cluster/apps", body: undefined, user: undefined, credentials: "ticket" }]);
  });

  it("as(user) sends user.name=user and makes the transport call as that user, with its ticket or (none) without", async () => {
    const t = recording();
    const rm = new RmClient("http://rm", undefined, t.transport);
    await rm.as("tim").killApp("application_1_0001");
    await rm.as("tim", "none").killApp("application_1_0001");
    expect(t.seen.map((r) => [r.method, r.path, r.user, r.credentials, r.body])).toEqual([
      ["PUT", "/ws/v1/cluster/apps/application_1_0001/state?user.name=tim", "tim", "ticket", `{"state":"KILLED"}`],
      ["PUT", "/ws/v1/cluster/apps/application_1_0001/state?user.name=tim", "tim", "none", `{"state":"KILLED"}`],
    ]);
  });

  it("claiming(name) changes only user.name: the transport still calls as the real caller, with its credentials", async () => {
    const t = recording();
    const rm = new RmClient("http://rm", undefined, t.transport);
    await rm.as("tim", "none").claiming("john").killApp("application_1_0001");
    expect(t.seen[0]).toMatchObject({ path: "/ws/v1/cluster/apps/application_1_0001/state?user.name=john", user: "tim", credentials: "none" });
    // a later as() is a new caller with no claim left over
    await rm.as("tim").claiming("john").as("eva").apps();
    expect(t.seen[1]).toMatchObject({ path: "/ws/v1/cluster/apps?user.name=eva", user: "eva", credentials: "ticket" });
    // the claim is encoded, never pasted: a name cannot add parameters
    await rm.as("tim").claiming("john&user.name=yarn").apps();
    expect(t.seen[2]!.path).toBe("/ws/v1/cluster/apps?user.name=john%26user.name%3Dyarn");
  });

  it("keeps query strings already in the path and adds user.name to them", async () => {
    const t = recording();
    await new RmClient("http://rm", undefined, t.transport).as("alice").call("GET", "/nodes?states=RUNNING");
    expect(t.seen[0]!.path).toBe("/ws/v1/cluster/nodes?states=RUNNING&user.name=alice");
  });
});

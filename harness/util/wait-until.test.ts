import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { giveUp, notYet, ready, waitUntil } from "./wait-until.ts";

describe("waitUntil", () => {
  it("returns the value once the probe is ready", async () => {
    let n = 0;
    const v = await waitUntil({ what: "three polls", timeoutMs: 2000, intervalMs: 5 }, () => (++n < 3 ? notYet(`poll ${n}`) : ready(n)));
    expect(v).toBe(3);
  });

  it("names what it waited for, how long and the last state on timeout, with the caller's code", async () => {
    const e = await waitUntil({ what: "app X RUNNING", timeoutMs: 50, intervalMs: 10, code: "CLUSTER_NOT_READY" }, () => notYet("ACCEPTED")).catch((x) => x);
    expect(isHarnessError(e, "CLUSTER_NOT_READY")).toBe(true);
    expect(e.message).toMatch(/^app X RUNNING: not within 0\.1 s \(\d+ polls every 10 ms\); last state: ACCEPTED$/);
  });

  it("stops at once when the probe gives up", async () => {
    let polls = 0;
    const e = await waitUntil({ what: "app X RUNNING", timeoutMs: 5000 }, () => (polls++, giveUp("it ended FINISHED"))).catch((x) => x);
    expect(e.message).toContain("will not happen: it ended FINISHED");
    expect(polls).toBe(1);
  });

  it("retries a throwing probe and reports its message as the last state", async () => {
    const e = await waitUntil<never>({ what: "RM REST", timeoutMs: 30, intervalMs: 5 }, () => {
      throw new Error("ECONNREFUSED");
    }).catch((x) => x);
    expect(e.code).toBe("TIMEOUT");
    expect(e.message).toContain("last state: error: ECONNREFUSED");
  });

  it("adds the log tail when it fails, and stops with INTERRUPTED on abort", async () => {
    const e = await waitUntil({ what: "w", timeoutMs: 10, intervalMs: 5, logTail: async () => "last line" }, () => notYet("s")).catch((x) => x);
    expect(e.logTail).toBe("last line");
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const i = await waitUntil({ what: "w", timeoutMs: 5000, intervalMs: 5, signal: ac.signal }, () => notYet("s")).catch((x) => x);
    expect(i.code).toBe("INTERRUPTED");
  });
});

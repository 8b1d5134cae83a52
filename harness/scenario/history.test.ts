import { describe, expect, it } from "vitest";
import { History } from "./history.ts";

describe("History", () => {
  it("numbers operations in order", () => {
    const h = new History();
    h.add({ type: "invoke", f: "submit", step: "a" });
    h.add({ type: "ok", f: "submit", step: "a" });
    expect(h.ops.map((o) => o.index)).toEqual([0, 1]);
    expect(h.ops.every((o) => Number.isFinite(o.time) && o.time >= 0)).toBe(true);
  });

  it("record writes invoke then ok with the value", async () => {
    const h = new History();
    const r = await h.record("pi-client", "submit", { tenant: "alice" }, async () => ({ appId: "application_1_0001" }));
    expect(r).toEqual({ ok: true, value: { appId: "application_1_0001" } });
    expect(h.ops.map((o) => [o.type, o.f, o.step])).toEqual([
      ["invoke", "submit", "pi-client"],
      ["ok", "submit", "pi-client"],
    ]);
    expect(h.ops[0]!.value).toEqual({ tenant: "alice" });
    expect(h.ops[1]!.value).toEqual({ appId: "application_1_0001" });
    expect(h.completed("pi-client", "submit")?.type).toBe("ok");
  });

  it("record turns a thrown error into an info op (outcome unknown) and does not throw", async () => {
    const h = new History();
    const boom = new Error("connection reset");
    const r = await h.record("pi-client", "wait-app", { appId: "x" }, async () => {
      throw boom;
    });
    expect(r).toEqual({ ok: false, error: boom });
    expect(h.ops.map((o) => o.type)).toEqual(["invoke", "info"]);
    expect(h.ops[1]!.error).toBe("connection reset");
    expect(h.ops.some((o) => o.type === "ok" || o.type === "fail")).toBe(false);
  });

  it("records a non-Error throw as its string", async () => {
    const h = new History();
    const r = await h.record("s", "kill", undefined, () => Promise.reject("plain string"));
    expect(r.ok).toBe(false);
    expect(h.ops[1]).toMatchObject({ type: "info", error: "plain string" });
  });

  it("completed finds the first non-invoke op of a step, optionally by f", async () => {
    const h = new History();
    await h.record("a", "submit", null, async () => 1);
    await h.record("a", "wait-app", null, async () => {
      throw new Error("x");
    });
    h.add({ type: "invoke", f: "kill", step: "b" });
    expect(h.completed("a")?.f).toBe("submit");
    expect(h.completed("a", "wait-app")?.type).toBe("info");
    expect(h.completed("b")).toBeUndefined();
    expect(h.completed("c")).toBeUndefined();
  });
});

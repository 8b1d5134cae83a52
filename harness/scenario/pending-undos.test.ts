import { describe, expect, it } from "vitest";
import { pendingUndos, runPendingUndos, trackUndo } from "./pending-undos.ts";

describe("pending undos (Ctrl-C)", () => {
  it("runs what is pending newest first, each once, and reports what failed", async () => {
    const ran: string[] = [];
    const a = trackUndo("a", async () => void ran.push("a"));
    trackUndo("b", async () => {
      ran.push("b");
      throw new Error("refused");
    });
    trackUndo("c", () => new Promise(() => undefined));
    expect(pendingUndos()).toEqual(["a", "b", "c"]);
    const failed = await runPendingUndos(50);
    expect(ran).toEqual(["b", "a"]);
    expect(failed).toEqual(["c: did not finish within 0.05 s", "b: refused"]);
    expect(pendingUndos()).toEqual([]);
    await a.run();
    expect(ran).toEqual(["b", "a"]);
  });

  it("does not run again what the scenario runner already undid", async () => {
    let n = 0;
    const u = trackUndo("x", async () => void n++);
    await u.run();
    expect(await runPendingUndos()).toEqual([]);
    expect(n).toBe(1);
  });
});

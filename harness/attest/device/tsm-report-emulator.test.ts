import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { requestTsmReport } from "../agent/tsm-report-client.ts";
import { notYet, ready, sleep, waitUntil } from "../../util/wait-until.ts";
import { TSM_EINVAL, TsmReportEmulator, type TsmReportRequest } from "./tsm-report-emulator.ts";

/** Until `f` gives a value other than undefined/false (a throw is "not yet"). */
function waitFor<T>(what: string, f: () => T | undefined | false, ms = 3000): Promise<T> {
  return waitUntil({ what, timeoutMs: ms, intervalMs: 5 }, () => {
    const v = f();
    return v === undefined || v === false ? notYet(String(v)) : ready(v);
  });
}

describe("TsmReportEmulator (configfs-tsm report files)", () => {
  let root: string;
  let requests: TsmReportRequest[];
  let emulator: TsmReportEmulator;

  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), "tsm-test-")), "report");
    requests = [];
    emulator = TsmReportEmulator.start({
      root,
      report: (r) => {
        requests.push(r);
        if (r.inblob[0] === 0xee) throw new Error("device on fire");
        return Buffer.concat([Buffer.from("token:"), r.inblob]);
      },
    });
  });
  afterEach(() => {
    emulator.close();
    rmSync(join(root, ".."), { recursive: true, force: true });
  });

  it("creates the attributes of an arm_cca_guest report object when a client mkdirs one", async () => {
    mkdirSync(join(root, "r0"));
    const dir = join(root, "r0");
    await waitFor("generation", () => statSync(join(dir, "generation")));
    expect(readFileSync(join(dir, "provider"), "utf8")).toBe("arm_cca_guest\n");
    expect(readFileSync(join(dir, "generation"), "utf8")).toBe("0\n");
    expect(readFileSync(join(dir, "outblob")).length).toBe(0);
    for (const f of ["auxblob", "privlevel", "inblob"]) expect(statSync(join(dir, f)).isFile()).toBe(true);
    expect(emulator.reports).toEqual(["r0"]);
  });

  it("answers a 32-byte challenge zero-padded to 64, and the client protocol gets the outblob", async () => {
    const challenge = Buffer.alloc(32, 0xab);
    const r = await requestTsmReport(challenge, { root, name: "c1" });
    const padded = Buffer.concat([challenge, Buffer.alloc(32)]);
    expect(r.provider).toBe("arm_cca_guest");
    expect(r.generation).toBe(1);
    expect(r.outblob.equals(Buffer.concat([Buffer.from("token:"), padded]))).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.inblob.equals(padded)).toBe(true);
    expect(requests[0]!.name).toBe("c1");
  });

  it("bumps generation once per write and answers each of several requests in one report object", async () => {
    const dir = join(root, "many");
    mkdirSync(dir);
    await waitFor("generation", () => statSync(join(dir, "generation")));
    for (let i = 1; i <= 3; i++) {
      writeFileSync(join(dir, "inblob"), Buffer.alloc(64, i));
      await waitFor(`generation ${i}`, () => readFileSync(join(dir, "generation"), "utf8") === `${i}\n`);
      expect(readFileSync(join(dir, "outblob")).subarray(6).equals(Buffer.alloc(64, i))).toBe(true);
    }
    await sleep(50);
    await emulator.idle();
    expect(requests).toHaveLength(3);
    expect(readFileSync(join(dir, "generation"), "utf8")).toBe("3\n");
  });

  it.each([1, 31, 65, 100])("refuses a %i-byte inblob with EINVAL in `error` and an empty outblob", async (n) => {
    await expect(requestTsmReport(Buffer.alloc(n, 1), { root })).rejects.toThrow(TSM_EINVAL);
    expect(requests).toHaveLength(0);
  });

  it("clears the error after a good request, and reports a failing producer as EIO", async () => {
    const dir = join(root, "e");
    mkdirSync(dir);
    await waitFor("generation", () => statSync(join(dir, "generation")));
    writeFileSync(join(dir, "inblob"), Buffer.alloc(10));
    await waitFor("generation 1", () => readFileSync(join(dir, "generation"), "utf8") === "1\n");
    expect(readFileSync(join(dir, "error"), "utf8")).toContain("EINVAL");
    writeFileSync(join(dir, "inblob"), Buffer.alloc(48, 7));
    await waitFor("generation 2", () => readFileSync(join(dir, "generation"), "utf8") === "2\n");
    expect(() => statSync(join(dir, "error"))).toThrow();
    expect(readFileSync(join(dir, "outblob")).length).toBe(6 + 64);
    await expect(requestTsmReport(Buffer.alloc(64, 0xee), { root })).rejects.toThrow("EIO: device on fire");
  });

  it("serves report objects that existed before it started, and forgets removed ones", async () => {
    emulator.close();
    mkdirSync(join(root, "early"));
    writeFileSync(join(root, "early", "inblob"), Buffer.alloc(40, 3)); // written before the daemon looked
    emulator = TsmReportEmulator.start({ root, report: (r) => r.inblob });
    await waitFor("answer", () => readFileSync(join(root, "early", "generation"), "utf8") === "1\n");
    expect(readFileSync(join(root, "early", "outblob")).subarray(0, 40).equals(Buffer.alloc(40, 3))).toBe(true);
    rmSync(join(root, "early"), { recursive: true });
    await waitFor("forgotten", () => emulator.reports.length === 0);
  });

  it("answers concurrent clients in separate report objects", async () => {
    const results = await Promise.all([1, 2, 3, 4].map((i) => requestTsmReport(Buffer.alloc(32, i), { root })));
    results.forEach((r, i) => expect(r.outblob[6]).toBe(i + 1));
    await waitFor("removed", () => emulator.reports.length === 0);
  });
});

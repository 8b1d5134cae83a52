import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditLog, GENESIS_PREV, lineHash, verifyAuditChain } from "./audit-log.ts";

describe("audit log", () => {
  it("chains each line to the SHA-256 of the previous one and continues after a restart", () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-"));
    try {
      const path = join(dir, "sub", "audit.jsonl");
      const a = new AuditLog(path);
      const l1 = a.append({ n: 1 });
      a.append({ n: 2 });
      expect(JSON.parse(l1).prev).toBe(GENESIS_PREV);
      const b = new AuditLog(path);
      b.append({ n: 3 });
      const text = readFileSync(path, "utf8");
      const lines = text.trim().split("\n");
      expect(lines).toHaveLength(3);
      expect(JSON.parse(lines[2]!).prev).toBe(lineHash(lines[1]!));
      expect(verifyAuditChain(text)).toEqual({ ok: true, records: 3 });
      expect(b.text()).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("detects an edited, deleted or reordered line", () => {
    const a = new AuditLog();
    for (let n = 0; n < 4; n++) a.append({ n, status: "affirming" });
    const lines = a.text().trim().split("\n");
    expect(verifyAuditChain(a.text()).ok).toBe(true);
    expect(verifyAuditChain(a.text().replace('"n":2,"status":"affirming"', '"n":2,"status":"contraindicated"'))).toMatchObject({ ok: false, brokenAt: 3 });
    expect(verifyAuditChain([lines[0], lines[2], lines[3]].join("\n"))).toMatchObject({ ok: false, brokenAt: 1 });
    expect(verifyAuditChain([lines[1], lines[0]].join("\n"))).toMatchObject({ ok: false, brokenAt: 0 });
    expect(verifyAuditChain("not json\n")).toMatchObject({ ok: false, reason: "not JSON" });
  });

  it("refuses to continue a broken file", () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-"));
    try {
      writeFileSync(join(dir, "a.jsonl"), `{"prev":"x"}\n`);
      expect(() => new AuditLog(join(dir, "a.jsonl"))).toThrow(/chain broken at line 1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

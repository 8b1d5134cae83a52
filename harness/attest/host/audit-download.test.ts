import { describe, expect, it } from "vitest";
import { AuditLog } from "../verifier/audit-log.ts";
import { auditDownload } from "./audit-download.ts";

const NDJSON = "application/x-ndjson";

describe("auditDownload", () => {
  it("keeps a 2xx NDJSON audit chain as it came, an empty one included (no appraisal is a real answer)", () => {
    const log = new AuditLog();
    log.append({ appId: "application_1_0001", status: "affirming" });
    log.append({ appId: "application_1_0001", status: "contraindicated" });
    expect(auditDownload(200, NDJSON, log.text())).toEqual({ ok: true, text: log.text() });
    expect(auditDownload(200, NDJSON, "")).toEqual({ ok: true, text: "" });
  });

  it("never turns an error answer into an audit log: non-2xx, another content type, a body that is not audit records", () => {
    const err = auditDownload(500, "application/json", '{"error":"boom"}');
    expect(err.ok).toBe(false);
    expect(err.problem).toContain("HTTP 500");
    expect(auditDownload(404, NDJSON, '{"error":"no such endpoint"}').ok).toBe(false);
    expect(auditDownload(200, "application/json", '{"error":"x"}').ok).toBe(false);
    expect(auditDownload(200, NDJSON, "<html>proxy error</html>").ok).toBe(false);
    expect(auditDownload(200, NDJSON, '{"error":"x"}\n').ok).toBe(false);
  });

  it("keeps a broken chain (evidence of its own) and names the break", () => {
    const r = auditDownload(200, NDJSON, '{"i":0,"prev":"x"}\n');
    expect(r.ok).toBe(true);
    expect(r.problem).toMatch(/chain broken at line 1/);
  });
});

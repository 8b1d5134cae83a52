// The verifier's audit log as the admin API served it (GET /appraisals): only a 2xx answer whose every line is an
// audit record becomes attestation/audit.jsonl. An error body written there would read as "no appraisals"
// (att-off, att-tampered-jar-control rest on that), so an error is a collection problem, never an empty log.
import { verifyAuditChain } from "../verifier/audit-log.ts";

export type AuditDownload = { ok: true; text: string; problem?: string } | { ok: false; problem: string };

/** Judges one GET /appraisals answer: its status, content type and body. */
export function auditDownload(status: number, contentType: string | null, body: string): AuditDownload {
  const head = body.trim().slice(0, 200);
  if (status < 200 || status >= 300) return { ok: false, problem: `verifier audit log: GET /appraisals answered HTTP ${status}: ${head}` };
  if (!/ndjson/.test(contentType ?? "")) return { ok: false, problem: `verifier audit log: GET /appraisals answered ${contentType ?? "no content type"}, not the audit's NDJSON: ${head}` };
  const lines = body.split("\n").filter((l) => l.trim());
  for (const [i, line] of lines.entries()) {
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      return { ok: false, problem: `verifier audit log: line ${i + 1} of GET /appraisals is not JSON: ${line.slice(0, 120)}` };
    }
    if (rec === null || typeof rec !== "object" || typeof (rec as { prev?: unknown }).prev !== "string")
      return { ok: false, problem: `verifier audit log: line ${i + 1} of GET /appraisals is not an audit record (no prev): ${line.slice(0, 120)}` };
  }
  // a broken chain is evidence in itself (verifier-restart judges it): kept, and named
  const chain = verifyAuditChain(body);
  return chain.ok ? { ok: true, text: body } : { ok: true, text: body, problem: `verifier audit log: chain broken at line ${chain.brokenAt! + 1}: ${chain.reason}` };
}

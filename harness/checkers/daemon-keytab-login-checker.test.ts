import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { daemonKeytabLoginChecker, daemonKeytabLogins } from "./daemon-keytab-login-checker.ts";

// real lines of a default-suite run (every secure/ scenario's logs/<node>.log)
const login = (svc: string, node: string): string =>
  `2026-12-07 06:42:56,613 INFO security.UserGroupInformation: Login successful for user ${svc}/shieldlab-3567bc-${node}.shieldlab-20261207-064246-3567bc@SHIELDLAB.TEST using keytab file node.keytab. Keytab auto renewal enabled : false`;

function ev(logs: Record<string, string>): ScenarioEvidence {
  const dir = mkdtempSync(join(tmpdir(), "daemon-login-"));
  mkdirSync(join(dir, "logs"));
  for (const [node, text] of Object.entries(logs)) writeFileSync(join(dir, "logs", `${node}.log`), text);
  return new ScenarioEvidence(new History(), new Map(), join(dir, "logs"), "", "", dir);
}
const check = (e: ScenarioEvidence) => daemonKeytabLoginChecker.check(daemonKeytabLogins(), e) as { valid: unknown; message: string };
const all = { rm: `x\n${login("rm", "rm")}\n`, "nm-1": `${login("nm", "nm-1")}\n`, "nm-2": `${login("nm", "nm-2")}\n`, gateway: "" };

describe("daemonKeytabLoginChecker", () => {
  it("passes when the RM and every NodeManager logged in from the keytab with their own service principal", () => {
    const r = check(ev(all));
    expect(r.valid).toBe(true);
    expect(r.message).toContain("rm: rm/shieldlab-3567bc-rm.");
    expect(r.message).toContain("nm-2: nm/shieldlab-3567bc-nm-2.");
  });
  it("is unknown when a daemon's line is missing, names another service, or the logs were not collected", () => {
    const r = check(ev({ ...all, "nm-2": "2026-12-07 06:43:02,462 INFO nodemanager.NodeManager: STARTUP_MSG\n" }));
    expect(r.valid).toBe("unknown");
    expect(r.message).toContain("nm-2");
    expect(check(ev({ ...all, rm: `${login("nm", "nm-1")}\n` })).valid).toBe("unknown");
    expect(check(ev({ rm: "", "nm-1": "" })).valid).toBe("unknown");
    expect(check(ev({})).valid).toBe("unknown");
  });
});

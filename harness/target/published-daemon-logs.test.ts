import { describe, expect, it } from "vitest";
import { daemonLogFiles, logFetchScript, readPublishedLogs } from "./published-daemon-logs.ts";

const listing = `<table class="listing"><tbody>
<tr><td class="name"><a href="/logs/yarn-root-resourcemanager.log">yarn-root-resourcemanager.log&nbsp;</a></td></tr>
<tr><td class="name"><a href="/logs/yarn-root-resourcemanager.log.1">yarn-root-resourcemanager.log.1&nbsp;</a></td></tr>
<tr><td class="name"><a href="/logs/yarn-root-resourcemanager.out">yarn-root-resourcemanager.out</a></td></tr>
<tr><td class="name"><a href="/logs/SecurityAuth-root.audit">SecurityAuth-root.audit</a></td></tr>
<tr><td class="name"><a href="/logs/hadoop-yarn-nodemanager-w1.example.com.log">hadoop-yarn-nodemanager-w1.example.com.log</a></td></tr>
<tr><td><a href="?C=N&O=D">Name</a></td></tr>
</tbody></table>`;

describe("daemonLogFiles", () => {
  it("finds the current *.log of the daemon asked for, never rotated, .out or another daemon's", () => {
    expect(daemonLogFiles(listing, "resourcemanager")).toEqual(["yarn-root-resourcemanager.log"]);
    expect(daemonLogFiles(listing, "nodemanager")).toEqual(["hadoop-yarn-nodemanager-w1.example.com.log"]);
  });
  it("an empty listing (a daemon logging only to its console) has none", () => {
    expect(daemonLogFiles('<tbody>\n</tbody><a href="?C=M&O=A">Last Modified</a>', "resourcemanager")).toEqual([]);
  });
});

describe("logFetchScript", () => {
  it("plain: curl the URL from the environment, the tail only when asked", () => {
    const s = logFetchScript("http://rm:8088/logs/x.log", { tailBytes: 100 });
    expect(s.script).toBe('curl -sSf --max-time 30 -r -100 "$LOG_URL"');
    expect(s.env).toEqual({ LOG_URL: "http://rm:8088/logs/x.log" });
  });
  it("SPNEGO: a ticket from the admin's keytab first, in its own cache", () => {
    const s = logFetchScript("http://rm:8088/logs/", { spnego: { keytab: "/k", principal: "yarn@R", ccache: "/tmp/cc" } });
    expect(s.script).toMatch(/kinit -kt '\/k' 'yarn@R'.* && curl .*--negotiate -u : "\$LOG_URL"$/);
    expect(s.env.KRB5CCNAME).toBe("FILE:/tmp/cc");
  });
});

describe("readPublishedLogs", () => {
  it("reads each daemon's file and says why for a daemon that publishes none", async () => {
    const calls: string[] = [];
    const exec = async (_cmd: string[], o?: { env?: Record<string, string> }) => {
      const url = o?.env?.LOG_URL ?? "";
      calls.push(url);
      if (url === "http://rm:8088/logs/") return { exitCode: 0, stdout: listing, stderr: "" };
      if (url === "http://rm:8088/logs/yarn-root-resourcemanager.log") return { exitCode: 0, stdout: "2026-12-07 10:00:00,000 INFO x: started\n", stderr: "" };
      if (url === "http://nm:8042/logs/") return { exitCode: 0, stdout: "<tbody></tbody>", stderr: "" };
      return { exitCode: 22, stdout: "", stderr: "curl: (22) The requested URL returned error: 403" };
    };
    const r = await readPublishedLogs(exec, [
      { node: "rm", daemon: "resourcemanager", web: "http://rm:8088/" },
      { node: "nm-1", daemon: "nodemanager", web: "http://nm:8042" },
      { node: "nm-2", daemon: "nodemanager", web: "http://nm2:8042" },
    ]);
    expect(r.logs).toEqual({ rm: "2026-12-07 10:00:00,000 INFO x: started\n" });
    expect(r.problems).toEqual([
      "nm-1: http://nm:8042/logs/ lists no nodemanager *.log file (a daemon that logs only to its console publishes none)",
      "nm-2 (http://nm2:8042/logs/): curl: (22) The requested URL returned error: 403",
    ]);
  });
});

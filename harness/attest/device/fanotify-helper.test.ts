import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseImaPolicy } from "../../ima/ima-policy.ts";
import type { OpenEvent } from "./emulated-device.ts";
import { fownerPrefilter, startFanotifyHelper } from "./fanotify-helper.ts";
import { notYet, ready, waitUntil } from "../../util/wait-until.ts";

// a stand-in for ima-fanotify.py that needs no fanotify: prints its argv, a ready line, then given lines
const fakeHelper = (lines: string[], exit = "sys.stdin.read()"): string => `import sys, json
print(json.dumps({"type": "ready", "marks": ["/"], "mask": ["FAN_OPEN"], "pid": 1, "argv": sys.argv[1:]}), flush=True)
for l in ${JSON.stringify(lines)}:
    print(l, flush=True)
${exit}
`;

const event = { type: "event", path: "/opt/spark/jars/a.jar", pid: 9, uid: 1001, euid: 1001, gid: 1001, egid: 1001, fowner: 1001, fgroup: 1001, func: "FILE_CHECK", mask: ["MAY_READ"], maskSource: "fdinfo", sha256: "ab".repeat(32), fsmagic: 2035054128 };

describe("fanotify helper wrapper", () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "fan-test-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("derives the hashing pre-filter from the policy's measure rules", () => {
    expect(fownerPrefilter(parseImaPolicy("measure func=FILE_CHECK mask=MAY_READ fowner=1001"))).toEqual([1001]);
    expect(fownerPrefilter(parseImaPolicy("dont_measure fsmagic=0x9fa0\nmeasure fowner=1001\nmeasure func=BPRM_CHECK fowner=0"))).toEqual([1001, 0]);
    expect(fownerPrefilter(parseImaPolicy("measure func=FILE_CHECK fowner=1001\nmeasure func=BPRM_CHECK"))).toBeUndefined();
    expect(fownerPrefilter(parseImaPolicy("measure fowner>1000"))).toBeUndefined();
  });

  it("asks for the listed owners' opens only (--only-fowner) when there are owners to list; else every open, hashed", async () => {
    const argvFile = join(dir, "argv.json");
    const script = join(dir, "argv.py");
    writeFileSync(script, `import sys, json\nopen(${JSON.stringify(argvFile)}, "w").write(json.dumps(sys.argv[1:]))\n${fakeHelper([]).split("\n").slice(1).join("\n")}`);
    const base = ["--ignore-pid", String(process.pid), "--mount", "/"];
    const cases: Array<[number[] | undefined, string[]]> = [
      [[1001, 0], ["--fowner", "1001", "--fowner", "0", "--only-fowner"]],
      [[], ["--hash-all"]],
      [undefined, ["--hash-all"]],
    ];
    for (const [fowners, want] of cases) {
      const h = await startFanotifyHelper({ script, fowners, onEvent: () => undefined });
      h.stop();
      expect(JSON.parse(readFileSync(argvFile, "utf8"))).toEqual([...base, ...want]);
    }
  });

  it("resolves on the ready line and delivers events; bad lines and overflow are reported, not thrown", async () => {
    const script = join(dir, "fake.py");
    writeFileSync(script, fakeHelper([JSON.stringify(event), "garbage", JSON.stringify({ ...event, sha256: "xyz" }), JSON.stringify({ type: "overflow" })]));
    const events: OpenEvent[] = [];
    const bad: string[] = [];
    let overflows = 0;
    const h = await startFanotifyHelper({ script, fowners: [1001], onEvent: (e) => events.push(e), onBadLine: (_l, why) => bad.push(why), onOverflow: () => overflows++ });
    try {
      await waitUntil({ what: "the overflow line", timeoutMs: 2000, intervalMs: 10 }, () => (overflows > 0 ? ready(overflows) : notYet("no overflow yet"))).catch(() => undefined);
      expect(h.marks).toEqual(["/"]);
      const { type: _type, ...expected } = event;
      expect(events).toEqual([expected]);
      expect(bad).toHaveLength(2);
      expect(bad[1]).toContain("sha256");
      expect(overflows).toBe(1);
    } finally {
      h.stop();
    }
  });

  it("rejects with the helper's stderr when it exits before it is ready", async () => {
    const script = join(dir, "dies.py");
    writeFileSync(script, "import sys\nsys.stderr.write('ima-fanotify: fanotify_init: EPERM (Operation not permitted)\\n')\nsys.exit(2)\n");
    await expect(startFanotifyHelper({ script, onEvent: () => undefined })).rejects.toThrow(/exited with status 2 before it was ready: ima-fanotify: fanotify_init: EPERM/);
  });

  it("reports a later exit through onExit", async () => {
    const script = join(dir, "later.py");
    writeFileSync(script, fakeHelper([], "sys.exit(5)"));
    const exited = new Promise<number | null>((resolve) => void startFanotifyHelper({ script, onEvent: () => undefined, onExit: (code) => resolve(code) }));
    expect(await exited).toBe(5);
  });
});

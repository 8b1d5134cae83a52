import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { LiveRegion, fit } from "./progress.ts";

/** A terminal of `rows` lines that understands the escapes the region writes: CR, LF, ESC[nF (up n, column 0), ESC[J. */
function terminal(): { write: (s: string) => void; screen: () => string[] } {
  const lines: string[] = [""];
  let row = 0;
  const write = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const up = /^\x1b\[(\d+)F/.exec(s.slice(i));
      if (up) {
        row = Math.max(0, row - Number(up[1]));
        i += up[0].length - 1;
        continue;
      }
      if (s.startsWith("\x1b[J", i)) {
        lines.length = row + 1;
        lines[row] = "";
        i += 2;
        continue;
      }
      const ch = s[i]!;
      if (ch === "\r") lines[row] = "";
      else if (ch === "\n") {
        row++;
        lines[row] ??= "";
      } else lines[row] += ch;
    }
  };
  return { write, screen: () => lines.map((l) => stripVTControlCharacters(l)).filter((l, i, a) => l !== "" || i < a.length - 1) };
}

describe("LiveRegion", () => {
  it("shows one line per running step (two lanes: two lines), and finished lines scroll above, none garbled", () => {
    const t = terminal();
    const r = new LiveRegion(t.write, () => 80);
    const a = { head: "[cluster] lane A", started: Date.now(), detail: "" };
    const b = { head: "[cluster] lane B", started: Date.now(), detail: "" };
    r.add(a);
    r.add(b);
    a.detail = "att-ok: pi";
    b.detail = "ten-acl-matrix: acl";
    r.draw();
    expect(t.screen()).toEqual([expect.stringMatching(/^\[cluster\] lane A \S+ att-ok: pi$/), expect.stringMatching(/^\[cluster\] lane B \S+ ten-acl-matrix: acl$/)]);
    r.print("[cluster] warning from elsewhere\n");
    expect(t.screen()).toEqual(["[cluster] warning from elsewhere", expect.stringMatching(/^\[cluster\] lane A/), expect.stringMatching(/^\[cluster\] lane B/)]);
    r.finish(a, "[scenario] att-ok done PASS");
    expect(t.screen()).toEqual(["[cluster] warning from elsewhere", "[scenario] att-ok done PASS", expect.stringMatching(/^\[cluster\] lane B/)]);
    r.finish(b, "[scenario] ten-acl-matrix done PASS");
    expect(t.screen()).toEqual(["[cluster] warning from elsewhere", "[scenario] att-ok done PASS", "[scenario] ten-acl-matrix done PASS"]);
  });

  it("cuts a line to the terminal's width, so no line wraps (a wrapped line would break the redraw)", () => {
    const t = terminal();
    const r = new LiveRegion(t.write, () => 30);
    r.add({ head: "[scenario] tenancy/ten-container-snoop-labelled", started: Date.now(), detail: "x".repeat(100) });
    expect(t.screen()[0]!.length).toBeLessThanOrEqual(29);
    expect(stripVTControlCharacters(fit("\x1b[36m[abc]\x1b[39m defghij", 6))).toBe("[abc]…");
    expect(fit("short", 10)).toBe("short");
  });
});

describe("startStep without a terminal (CI, logs)", () => {
  it("the heartbeat carries the step's latest detail", async () => {
    const { vi } = await import("vitest");
    vi.useFakeTimers();
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => (written.push(String(c)), true));
    try {
      const { startStep } = await import("./progress.ts");
      const step = startStep("bench", "TPC-H");
      vi.advanceTimersByTime(15_000);
      step.update("3/30: plain round 0 81 s");
      vi.advanceTimersByTime(15_000);
      step.done();
      const lines = written.map((l) => stripVTControlCharacters(l));
      expect(lines.some((l) => /TPC-H … still running after 15\.0s\n$/.test(l))).toBe(true);
      expect(lines.some((l) => /TPC-H … still running after 30\.0s — 3\/30: plain round 0 81 s\n$/.test(l))).toBe(true);
    } finally {
      spy.mockRestore();
      vi.useRealTimers();
    }
  });
});

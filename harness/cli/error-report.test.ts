import { describe, expect, it } from "vitest";
import { ERROR_HINTS } from "../errors/error-hints.ts";
import { HarnessError, HarnessErrorCodes } from "../errors/harness-error.ts";
import { colorEnabled } from "../util/terminal-color.ts";
import { parseRepeat } from "./cli-options.ts";
import { formatError } from "./error-report.ts";
import { EXIT, exitCodeFor } from "./exit-codes.ts";

const ANSI = /\u001b\[/;

describe("formatError", () => {
  it("prints `error [CODE]: message` and the code's default hint, nothing else", () => {
    const text = formatError(new HarnessError("SUBMIT_FAILED", "spark-submit exited 1"));
    expect(text.split("\n")).toEqual(["error [SUBMIT_FAILED]: spark-submit exited 1", `hint: ${ERROR_HINTS.SUBMIT_FAILED}`]);
  });

  it("uses the thrower's hint over the default", () => {
    const text = formatError(new HarnessError("INVALID_INPUT", "--nodes must be ≥ 1", { hint: "try --nodes 2" }));
    expect(text.split("\n")[1]).toBe("hint: try --nodes 2");
  });

  it("adds the log tail under the hint", () => {
    const text = formatError(new HarnessError("CLUSTER_START_FAILED", "rm did not start", { logTail: "line 1\nFATAL bind failed\n" }));
    expect(text.split("\n")).toEqual([
      "error [CLUSTER_START_FAILED]: rm did not start",
      `hint: ${ERROR_HINTS.CLUSTER_START_FAILED}`,
      "--- last log lines ---",
      "line 1",
      "FATAL bind failed",
    ]);
  });

  it("shows no stack trace unless debug, then the stack and the cause", () => {
    const e = new HarnessError("TIMEOUT", "rm not ready after 60 s", { cause: new Error("inner cause") });
    expect(formatError(e)).not.toMatch(/\n\s+at /);
    expect(formatError(e)).not.toContain("inner cause");
    const debug = formatError(e, { debug: true });
    expect(debug).toContain("--- stack (--debug) ---");
    expect(debug).toMatch(/\n\s+at /);
    expect(debug).toContain("inner cause");
  });

  it("reads an error that is not a HarnessError as INTERNAL with a hint to report it", () => {
    const text = formatError(new TypeError("x is undefined"));
    expect(text).toMatch(/^error \[INTERNAL\]: x is undefined\nhint: this looks like a harness bug/);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it("says the engine stopped instead of printing a raw socket error", () => {
    const raw = Object.assign(new Error("connect ENOENT /var/run/docker.sock"), { code: "ENOENT", syscall: "connect", address: "/var/run/docker.sock" });
    expect(formatError(raw).split("\n")[0]).toBe("error [ENGINE_UNAVAILABLE]: the Docker engine stopped answering (/var/run/docker.sock: ENOENT)");
  });

  it("colours only when asked, and strips colour codes from messages otherwise", () => {
    const e = new HarnessError("INVALID_INPUT", "bad \u001b[36m--flag\u001b[39m", { logTail: "\u001b[31mred\u001b[39m" });
    expect(formatError(e, { color: false })).not.toMatch(ANSI);
    expect(formatError(e, { color: false })).toContain("bad --flag");
    expect(formatError(e, { color: true })).toMatch(ANSI);
  });
});

describe("colorEnabled", () => {
  it("colours a terminal, not a pipe", () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({}, {})).toBe(false);
  });

  it("honours NO_COLOR (any non-empty value) even on a terminal, and FORCE_COLOR on a pipe", () => {
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "yes" })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });
});

describe("exitCodeFor", () => {
  it("gives 2 for bad input and scenario files, 130 for an interruption, 1 for the rest", () => {
    expect(exitCodeFor(new HarnessError("INVALID_INPUT", "x"))).toBe(EXIT.usage);
    expect(exitCodeFor(new HarnessError("SCENARIO_LOAD_FAILED", "x"))).toBe(EXIT.usage);
    expect(exitCodeFor(new HarnessError("INTERRUPTED", "x"))).toBe(EXIT.interrupted);
    expect(exitCodeFor(new HarnessError("CLUSTER_START_FAILED", "x"))).toBe(EXIT.failed);
    expect(exitCodeFor(new Error("bug"))).toBe(EXIT.failed);
    expect(exitCodeFor(Object.assign(new Error("Unknown command x"), { name: "CLIError" }))).toBe(EXIT.usage);
    expect([EXIT.ok, EXIT.failed, EXIT.usage, EXIT.interrupted]).toEqual([0, 1, 2, 130]);
  });
});

describe("ERROR_HINTS", () => {
  it("has a useful hint for every error code", () => {
    for (const code of HarnessErrorCodes) expect(ERROR_HINTS[code]?.length ?? 0, code).toBeGreaterThan(30);
  });
});

describe("parseRepeat", () => {
  it("accepts 1…100 and refuses anything else with INVALID_INPUT naming the flag", () => {
    expect(parseRepeat("1")).toBe(1);
    expect(parseRepeat("5")).toBe(5);
    for (const bad of ["0", "101", "-1", "2.5", "x", ""]) expect(() => parseRepeat(bad), bad).toThrow(/--repeat must be a whole number from 1 to 100/);
  });
});

import { describe, expect, it } from "vitest";
import { parseStatLines, parseUnjarOutput, victimScript } from "../attacks/runjar-unjar.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { RunJarUnjarStepSchema, runJarUnjar, type RunJarUnjarEvidence } from "../steps/runjar-unjar-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { runJarUnjarChecker, runJarUnjarOutcome } from "./runjar-unjar-checker.ts";

const TOKEN = "SHIELDLAB-UNJAR-00112233aabbccdd";
const DIR = "/tmp/hadoop-unjar123";
const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: "" });
const denied = { exitCode: 1, stdout: "", stderr: `cat: ${DIR}/shieldlab-unjar-secret.txt: Permission denied` };
const replay = (o: Partial<RunJarUnjarEvidence> = {}): RunJarUnjarEvidence => ({
  victim: "alice",
  attacker: "bob",
  umask: "022",
  token: TOKEN,
  output: { dir: DIR, before: TOKEN, after: TOKEN, released: true },
  modes: [{ path: DIR, owner: "alice", mode: "755" }, { path: `${DIR}/shieldlab-unjar-secret.txt`, owner: "alice", mode: "644" }],
  read: ok(`${TOKEN}\n`),
  replace: { exitCode: 1, stdout: "", stderr: "Permission denied" },
  replacement: "REPLACED-BY-bob",
  ...o,
});
const privateReplay = replay({ modes: [{ path: DIR, owner: "alice", mode: "700" }], read: denied });

const ev = (e: RunJarUnjarEvidence | undefined) =>
  new ScenarioEvidence(new History(), new Map([["unjar", stepRecord(RunJarUnjarStepSchema.parse(runJarUnjar({ victim: "alice", attacker: "bob" })), { evidence: e })]]), "/nonexistent");
const check = (expect: "readable" | "private", e: RunJarUnjarEvidence | undefined) => runJarUnjarChecker.check(runJarUnjarOutcome("unjar", expect), ev(e)) as { valid: unknown; message: string; evidence?: Record<string, unknown> };

describe("runJarUnjarChecker", () => {
  it("the attacker reading the victim's unpacked secret is readable (vulnerable): fails when private is expected", () => {
    expect(check("readable", replay()).valid).toBe(true);
    const r = check("private", replay());
    expect(r.valid).toBe(false);
    expect(r.message).toContain("mode 755");
  });

  it("a refused read is private (defended): fails when readable is expected", () => {
    expect(check("private", privateReplay).valid).toBe(true);
    expect(check("readable", privateReplay).valid).toBe(false);
  });

  it("unknown when the victim never read its own unpacked secret, the read failed otherwise, or nothing ran", () => {
    expect(check("private", replay({ output: { released: false }, read: denied })).valid).toBe("unknown");
    expect(check("private", replay({ read: { exitCode: 1, stdout: "", stderr: "cat: No such file or directory" } })).valid).toBe("unknown");
    expect(check("readable", replay({ read: ok("something else") })).valid).toBe("unknown");
    expect(check("readable", undefined).valid).toBe("unknown");
  });

  it("shows what each side saw without repeating the token", () => {
    const r = check("readable", replay({ replace: ok(""), output: { dir: DIR, before: TOKEN, after: "REPLACED-BY-bob", released: true } }));
    expect(r.message).toContain("overwrote it");
    expect(JSON.stringify(r.evidence)).not.toContain(TOKEN);
    expect(r.evidence?.victimRead).toEqual({ before: "(the secret)", after: "(the attacker's replacement)" });
  });
});

describe("RunJar replay helpers", () => {
  it("parses UnjarHold's lines", () => {
    expect(parseUnjarOutput(`log line\nUNJAR-DIR ${DIR}\nSECRET-BEFORE ${TOKEN}\nSECRET-AFTER x\nRELEASED\n`)).toEqual({ dir: DIR, before: TOKEN, after: "x", released: true });
    expect(parseUnjarOutput("Exception in thread main\n")).toEqual({ dir: undefined, before: undefined, after: undefined, released: false });
  });
  it("parses stat lines", () => {
    expect(parseStatLines(`alice 700 ${DIR}\nalice 644 ${DIR}/f\nstat: cannot stat 'x'`)).toEqual([
      { owner: "alice", mode: "700", path: DIR },
      { owner: "alice", mode: "644", path: `${DIR}/f` },
    ]);
  });
  it("runs the real RunJar class under umask 022 with UnjarHold, detached, and prints its pid", () => {
    const s = victimScript("alice", 120);
    expect(s).toContain("umask 022");
    expect(s).toMatch(/org\.apache\.hadoop\.util\.RunJar \/home\/alice\/shieldlab-unjar\/job\.jar shieldlab\.jobs\.UnjarHold \/home\/alice\/shieldlab-unjar\/release 120/);
    expect(s.trim().endsWith("echo $!")).toBe(true);
  });
  it("the step refuses an attacker who is the victim", () => {
    expect(() => RunJarUnjarStepSchema.parse(runJarUnjar({ victim: "alice", attacker: "alice" }))).toThrow(/another user/);
  });
});

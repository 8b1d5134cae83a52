// The esbuild bundles (Node 18 target) of the verifier and the RA-TLS client, run as the cluster runs them.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { affirmingPolicy, MeasuredRealm, startTsmResponder } from "./attest-test-support.ts";

let dir: string;
let verifier: ChildProcess | undefined;

function run(file: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [file, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "shieldlab-attest-bundle-"));
  for (const [runtime, name] of [["verifier", "verifier"], ["agent", "ratls-client"]])
    await build({ entryPoints: [join(import.meta.dirname, "..", runtime!, "bin", `${name}.ts`)], bundle: true, platform: "node", target: "node18", format: "cjs", outfile: join(dir, `${name}.cjs`), logLevel: "warning" });
}, 60_000);
afterAll(() => {
  verifier?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

describe("bundled verifier + ratls-client", () => {
  it("--help teaches, bad usage exits 2 with one JSON line", async () => {
    expect((await run(join(dir, "verifier.cjs"), ["--help"])).stdout).toMatch(/POST \/appraise/);
    const bad = await run(join(dir, "ratls-client.cjs"), ["attest", "--app-id", "a"]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout.trim())).toMatchObject({ status: "error", reasons: ["--verifier is required"] });
  });

  it("attests over real TLS: affirming (0), replayed evidence (3), verifier gone (4)", async () => {
    const certOut = join(dir, "verifier-cert.pem");
    verifier = spawn(process.execPath, [join(dir, "verifier.cjs"), "--port", "0", "--admin-port", "0", "--listen", "127.0.0.1", "--cert-out", certOut, "--audit", join(dir, "audit.jsonl")], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const ports = await new Promise<{ port: number; adminPort: number }>((resolve, reject) => {
      let err = "";
      verifier!.stderr!.on("data", (d: Buffer) => {
        err += d.toString();
        const line = err.split("\n").find((l) => l.includes('"verifier listening"'));
        if (line) resolve(JSON.parse(line) as { port: number; adminPort: number });
      });
      verifier!.on("exit", (c) => reject(new Error(`verifier exited ${c}: ${err}`)));
    });
    const m = new MeasuredRealm().readAllowedFiles();
    const put = await fetch(`http://127.0.0.1:${ports.adminPort}/policy`, { method: "PUT", body: JSON.stringify(affirmingPolicy(m)) });
    expect(put.status).toBe(200);
    const tsm = join(dir, "tsm");
    const responder = startTsmResponder(tsm, (ch) => m.realm.attest(ch));
    writeFileSync(join(dir, "ima.bin"), m.binaryLog());
    const faults = join(dir, "faults.json");
    const args = (url: string) => [
      "attest", "--verifier", url, "--ca", certOut, "--app-id", "application_1_0001", "--executor-id", "2",
      "--tsm-root", tsm, "--ima-log", join(dir, "ima.bin"), "--faults", faults, "--state-dir", join(dir, "state"), "--timeout-ms", "5000",
    ];
    try {
      const ok = await run(join(dir, "ratls-client.cjs"), args(`https://127.0.0.1:${ports.port}`));
      expect(ok.stdout.trim().split("\n")).toHaveLength(1);
      expect(JSON.parse(ok.stdout)).toMatchObject({ status: "affirming", reasons: [] });
      expect(ok.code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, "state", "last-evidence.json"), "utf8"))).toHaveProperty("certPem");
      writeFileSync(faults, JSON.stringify({ replayEvidence: true }));
      const replay = await run(join(dir, "ratls-client.cjs"), args(`https://127.0.0.1:${ports.port}`));
      expect(replay.code).toBe(3);
      expect(JSON.parse(replay.stdout).reasons[0]).toMatch(/^freshness: /);
      const audit = await fetch(`http://127.0.0.1:${ports.adminPort}/appraisals`).then((r) => r.text());
      expect(audit.trim().split("\n")).toHaveLength(2);
    } finally {
      responder.stop();
    }
    verifier.kill("SIGTERM");
    await new Promise((r) => verifier!.once("exit", r));
    writeFileSync(faults, "{}");
    const gone = await run(join(dir, "ratls-client.cjs"), args(`https://127.0.0.1:${ports.port}`));
    expect(gone.code).toBe(4);
    expect(JSON.parse(gone.stdout).status).toBe("unreachable");
  }, 60_000);
});

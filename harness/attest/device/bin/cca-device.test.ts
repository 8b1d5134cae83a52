// The device daemon as a process: fails loudly without fanotify (runs anywhere); end to end with real fanotify
// (root + CAP_SYS_ADMIN on this machine; skipped otherwise, with the reason).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chownSync, closeSync, existsSync, openSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCcaTestKey } from "../../../cca/cca-test-keys.ts";
import { verifyCcaToken } from "../../../cca/cca-token-verifier.ts";
import { parseBinaryLog } from "../../../ima/ima-binary-log.ts";
import { rem0Matches, rem0MatchingPrefix } from "../../../ima/ima-replay.ts";
import { fixturesDir, imagesDir, repoRoot } from "../../../util/paths.ts";
import { notYet, ready, waitUntil } from "../../../util/wait-until.ts";
import { requestTsmReport } from "../../agent/tsm-report-client.ts";

const DAEMON = join(repoRoot, "harness", "attest", "device", "bin", "cca-device.ts");
const HELPER = join(imagesDir, "hadoop-spark", "attest", "ima-fanotify.py");
const CPAK = join(fixturesDir, "cca", "cpak-test-only.pem");
const OWNER = 4242; // a uid nothing else on the machine owns files as, so only the test's files are measured
const RIM = createHash("sha256").update("cca-device test image").digest("hex");

/** Why real fanotify cannot be used here, or undefined when it can. */
function fanotifyUnavailable(): string | undefined {
  if (process.platform !== "linux") return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return "not root (fanotify_init needs CAP_SYS_ADMIN; chown needs root)";
  const r = spawnSync("python3", ["-c", "import ctypes,os;l=ctypes.CDLL(None,use_errno=True);fd=l.fanotify_init(0,0);print(fd if fd>=0 else 'errno %d' % ctypes.get_errno())"], { encoding: "utf8" });
  if (r.error) return `python3 not runnable: ${r.error.message}`;
  return /^\d+\s*$/.test(r.stdout) ? undefined : `fanotify_init failed: ${r.stdout.trim()} ${r.stderr.trim()}`;
}

function daemonArgs(dir: string, extra: string[] = []): string[] {
  return [
    "--import", "tsx", DAEMON,
    "--tsm-root", join(dir, "tsm"), "--ima-dir", join(dir, "ima"), "--policy", join(dir, "policy"), "--cpak-key", CPAK,
    "--rim-hex", RIM, "--faults", join(dir, "faults.json"), "--control", join(dir, "control"), "--fanotify", HELPER,
    "--log", join(dir, "device.log"), "--ready", join(dir, "ready"), "--foreign-pub-out", join(dir, "foreign.pem"), ...extra,
  ];
}

/** Until `f` gives a value other than undefined/false; a throw ends the wait. */
function waitFor<T>(what: string, f: () => T | undefined | false, ms = 20_000): Promise<T> {
  return waitUntil({ what, timeoutMs: ms, intervalMs: 20, retryErrors: false }, () => {
    const v = f();
    return v === undefined || v === false ? notYet(String(v)) : ready(v);
  });
}

describe("cca-device daemon", () => {
  it("exits 3 and says why when fanotify cannot start (never serves an empty log)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cca-device-fail-"));
    try {
      writeFileSync(join(dir, "policy"), "measure func=FILE_CHECK mask=MAY_READ fowner=1001\n");
      const fake = join(dir, "fake-fanotify.py");
      writeFileSync(fake, "import sys\nsys.stderr.write('ima-fanotify: fanotify_init(FAN_CLASS_NOTIF) (needs CAP_SYS_ADMIN): EPERM (Operation not permitted)\\n')\nsys.exit(2)\n");
      const args = daemonArgs(dir).map((a) => (a === HELPER ? fake : a));
      const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8", timeout: 30_000 });
      expect(r.status).toBe(3);
      expect(r.stderr).toContain("EPERM");
      expect(existsSync(join(dir, "ready"))).toBe(false);
      expect(readFileSync(join(dir, "device.log"), "utf8")).toContain("not serving an empty IMA log");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);

  it("exits 2 on bad usage, naming the flag", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", DAEMON, "--rim-hex", "xyz", "--policy", "/dev/null", "--cpak-key", CPAK], { cwd: repoRoot, encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--rim-hex must be 64 hex digits");
    const rim = "00".repeat(32);
    const bad = spawnSync(process.execPath, ["--import", "tsx", DAEMON, "--rim-hex", rim, "--policy", "/dev/null", "--cpak-key", CPAK, "--token-format", "rmm-1.1"], { cwd: repoRoot, encoding: "utf8", timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--token-format must be realm-2.0, tf-rmm-0.8, realm-1.0, legacy, got "rmm-1.1"');
    const virt = spawnSync(process.execPath, ["--import", "tsx", DAEMON, "--rim-hex", rim, "--policy", "/dev/null", "--cpak-key", CPAK, "--flavour", "virtcca", "--token-format", "realm-2.0"], { cwd: repoRoot, encoding: "utf8", timeout: 30_000 });
    expect(virt.status).toBe(2);
    expect(virt.stderr).toContain("--token-format realm-2.0 needs --flavour cca");
  }, 60_000);

  const unavailable = fanotifyUnavailable();
  describe.skipIf(unavailable !== undefined)(`end to end with real fanotify${unavailable ? ` — SKIPPED: ${unavailable}` : ""}`, () => {
    let dir: string;
    let daemon: ChildProcess;
    let stderr = "";
    const cpak = loadCcaTestKey("cpak");
    const tsmRoot = (): string => join(dir, "tsm");
    const binary = () => parseBinaryLog(readFileSync(join(dir, "ima", "binary_runtime_measurements"))).entries;
    const ready = (): { boot: number; pid: number } | undefined => {
      try {
        return JSON.parse(readFileSync(join(dir, "ready"), "utf8")) as { boot: number; pid: number };
      } catch {
        return undefined;
      }
    };
    const attest = async (challenge: Buffer) => {
      const r = await requestTsmReport(challenge, { root: tsmRoot(), timeoutMs: 15_000 });
      return verifyCcaToken(r.outblob, { endorsedPlatformKeys: [cpak.publicKey], expectedChallenge: Buffer.concat([challenge, Buffer.alloc(64 - challenge.length)]) });
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "cca-device-e2e-"));
      writeFileSync(join(dir, "policy"), `measure func=FILE_CHECK mask=MAY_READ fowner=${OWNER}\n`);
      writeFileSync(join(dir, "owned-write-only.log"), "log");
      chownSync(join(dir, "owned-write-only.log"), OWNER, OWNER);
      daemon = spawn(process.execPath, daemonArgs(dir), { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
      daemon.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      await waitFor(`the ready file (daemon stderr: ${stderr})`, () => daemon.exitCode === null && ready());
    }, 60_000);

    afterAll(async () => {
      if (daemon && daemon.exitCode === null) {
        daemon.kill("SIGTERM");
        await waitFor("the daemon to stop", () => daemon.exitCode !== null, 10_000).catch(() => daemon.kill("SIGKILL"));
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("measures a read of a file the policy covers, and the token's REM[0] replays from the binary log", async () => {
      const file = join(dir, "owned.jar");
      writeFileSync(file, "jar bytes");
      chownSync(file, OWNER, OWNER);
      const writeOnly = join(dir, "owned-write-only.log"); // made before the daemon started
      const wfd = openSync(writeOnly, "a"); // held open, so the helper reads its flags: MAY_WRITE|MAY_APPEND, not measured
      writeFileSync(join(dir, "not-owned.txt"), "x");
      readFileSync(join(dir, "not-owned.txt"));
      readFileSync(file);
      await waitFor("the measurement", () => binary().some((e) => e.path === file));
      closeSync(wfd);
      const entries = binary();
      expect(entries[0]!.path).toBe("boot_aggregate");
      expect(entries[0]!.digest.toString("hex")).toBe(RIM);
      expect(entries.find((e) => e.path === file)!.digest.toString("hex")).toBe(createHash("sha256").update("jar bytes").digest("hex"));
      expect(entries.some((e) => e.path.endsWith("not-owned.txt"))).toBe(false);
      expect(entries.some((e) => e.path === writeOnly)).toBe(false);
      expect(readFileSync(join(dir, "ima", "ascii_runtime_measurements"), "utf8")).toContain(` ${file}\n`);

      readFileSync(file); // cached: no second entry
      const token = await attest(Buffer.alloc(32, 0x11));
      const rem0 = token.realm.claims.extensibleMeasurements[0]!;
      expect(Buffer.from(token.realm.claims.initialMeasurement).toString("hex")).toBe(RIM);
      expect(rem0Matches(binary(), rem0)).toBe(true);
      expect(binary().filter((e) => e.path === file)).toHaveLength(1);
      expect(readFileSync(join(dir, "device.log"), "utf8")).toMatch(/"msg":"token issued"/);
    }, 30_000);

    it("re-measures a changed file, and an imaLog fault breaks the replay while REM[0] stays true", async () => {
      const file = join(dir, "owned.jar");
      writeFileSync(file, "jar bytes v2");
      readFileSync(file);
      // (the rewrite itself may also be logged, as a read of whatever the helper saw: it cannot always learn an open's flags)
      const v2 = createHash("sha256").update("jar bytes v2").digest("hex");
      await waitFor("the measurement of the new content", () => binary().some((e) => e.path === file && e.digest.toString("hex") === v2));
      writeFileSync(join(dir, "faults.json"), JSON.stringify({ imaLog: "truncate" }));
      const token = await attest(Buffer.alloc(64, 0x22));
      expect(rem0MatchingPrefix(binary(), token.realm.claims.extensibleMeasurements[0]!)).toBeUndefined();
      rmSync(join(dir, "faults.json"));
      const clean = await attest(Buffer.alloc(64, 0x23));
      expect(rem0Matches(binary(), clean.realm.claims.extensibleMeasurements[0]!)).toBe(true);
    }, 30_000);

    it("'reboot' in the control file: boot 2 in the ready file, a log with only boot_aggregate, the file measured again", async () => {
      writeFileSync(join(dir, "control"), "reboot\n");
      await waitFor("boot 2", () => ready()?.boot === 2);
      expect(binary().map((e) => e.path)).toEqual(["boot_aggregate"]);
      const file = join(dir, "owned.jar");
      readFileSync(file);
      await waitFor("the measurement after reboot", () => binary().some((e) => e.path === file));
      const token = await attest(Buffer.alloc(48, 0x33));
      expect(rem0Matches(binary(), token.realm.claims.extensibleMeasurements[0]!)).toBe(true);
      expect(daemon.exitCode).toBeNull();
    }, 30_000);
  });
});

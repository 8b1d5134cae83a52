// cca-device: the emulated Arm CCA device of one NodeManager container (root daemon). Serves the configfs-tsm report
// files, keeps the IMA logs of the opens ima-fanotify.py reports, and answers token requests from the emulated realm.
// Bundled by esbuild for Node 18 (cca-device.cjs): no Node-20-only APIs here or in what it imports.
import { createPrivateKey, createPublicKey } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import { parseArgs } from "node:util";
import pino, { type Logger } from "pino";
import { REALM_TOKEN_FORMATS, type RealmTokenFormat } from "../../../cca/realm-token-format.ts";
import { writeFileAtomic } from "../atomic-file.ts";
import { EmulatedDevice } from "../emulated-device.ts";
import { fownerPrefilter, listenFanotifyHelper, startFanotifyHelper, type FanotifyHelperOptions, type StartedFanotifyHelper } from "../fanotify-helper.ts";
import { TsmReportEmulator } from "../tsm-report-emulator.ts";

const HELP = `cca-device — the emulated CCA realm of a NodeManager container (runs as root)

It does three things until it is stopped:
  1. IMA: starts ima-fanotify.py (needs CAP_SYS_ADMIN), runs every open it reports through the IMA policy,
     and keeps binary_runtime_measurements / ascii_runtime_measurements in --ima-dir, boot_aggregate (= RIM)
     first; each new entry's SHA-256 template hash is extended into REM[0] (virtCCA style).
  2. configfs-tsm: serves --tsm-root like /sys/kernel/config/tsm/report: mkdir <root>/<name>, read
     <name>/generation (g), write 32–64 bytes to <name>/inblob, wait until generation > g, read <name>/outblob
     (the CCA token; an <name>/error file says EINVAL/EIO instead), rm -r <name>.
  3. control: 'reboot' written to --control starts a new realm (new RAK, zero REMs, log with only
     boot_aggregate, measurement cache cleared); the ready file is rewritten with boot+1.
Faults are read from --faults on every token request:
  {"foreignPlatformKey":true}   sign the platform token with a non-endorsed key (public key: --foreign-pub-out)
  {"rimOverrideHex":"<hex>"}    report this RIM instead of --rim-hex
  {"imaLog":"truncate"|"reorder"}  expose a log that no longer replays to REM[0] (REM[0] stays true)
The ready file (JSON: pid, boot, rem0, fanotify marks, RAK and foreign public keys) appears once fanotify is
marked and boot_aggregate is written. If fanotify cannot start, cca-device exits with status 3 and says why.

Options:
  --tsm-root DIR         configfs-tsm report root            (default /run/shieldlab/tsm/report)
  --ima-dir DIR          where the IMA log files go           (default /run/shieldlab/ima)
  --policy FILE          IMA policy text                      (required)
  --cpak-key PEM         CPAK private key, P-384 or P-256     (required; fixtures/cca/cpak-test-only.pem)
  --rim-hex HEX          RIM, 64 hex digits (the image Id)    (required)
  --flavour cca|virtcca  platform + realm token, or realm only (default cca)
  --token-format F       cca realm token shape: realm-2.0 (TF-RMM main: tag 907, realm profile 2.0),
                         tf-rmm-0.8 (TF-RMM v0.8.0: profile 1.0, text MEC policy, tag 399),
                         realm-1.0 or legacy (tag 399)    (default realm-2.0; virtcca is always legacy)
  --faults FILE          fault file                           (default /run/shieldlab/faults.json)
  --control FILE         control file                         (default /run/shieldlab/control)
  --fanotify FILE        ima-fanotify.py                      (default /opt/shieldlab/attest/ima-fanotify.py)
  --python CMD           interpreter for it                   (default python3)
  --fanotify-socket PATH do not start ima-fanotify.py: listen on this unix socket for the helper the node runs
                         (ima-fanotify.py --out-socket PATH): the device in its own container, out of the node's
                         reach, sharing only the socket, tsm and IMA folders with it
  --mount PATH           mount to mark, repeatable; 'all' = every non-pseudo mount (default /)
  --log FILE             JSON log                             (default /var/log/shieldlab/cca-device.log)
  --ready FILE           ready file                           (default /run/shieldlab/device-ready)
  --foreign-pub-out FILE public key of the foreignPlatformKey fault (default /run/shieldlab/foreign-cpak.pub.pem)
  -h, --help

Exit status: 0 stopped by SIGTERM/SIGINT, 2 bad usage, 3 fanotify could not start, 4 fanotify helper died.
Example:
  node cca-device.cjs --policy /etc/shieldlab/ima-policy --cpak-key /etc/shieldlab/cca/cpak.pem \\
    --rim-hex $(cat /etc/shieldlab/rim) --flavour cca
`;

const OPTIONS = {
  "tsm-root": { type: "string", default: "/run/shieldlab/tsm/report" },
  "ima-dir": { type: "string", default: "/run/shieldlab/ima" },
  policy: { type: "string" },
  "cpak-key": { type: "string" },
  "rim-hex": { type: "string" },
  flavour: { type: "string", default: "cca" },
  "token-format": { type: "string" },
  faults: { type: "string", default: "/run/shieldlab/faults.json" },
  control: { type: "string", default: "/run/shieldlab/control" },
  fanotify: { type: "string", default: "/opt/shieldlab/attest/ima-fanotify.py" },
  "fanotify-socket": { type: "string" },
  python: { type: "string", default: "python3" },
  mount: { type: "string", multiple: true },
  log: { type: "string", default: "/var/log/shieldlab/cca-device.log" },
  ready: { type: "string", default: "/run/shieldlab/device-ready" },
  "foreign-pub-out": { type: "string", default: "/run/shieldlab/foreign-cpak.pub.pem" },
  help: { type: "boolean", short: "h", default: false },
} as const;

class UsageError extends Error {}

function need(v: string | undefined, flag: string): string {
  if (!v) throw new UsageError(`--${flag} is required (see --help)`);
  return v;
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--${flag} ${file}: ${(e as Error).message}`);
  }
}

function makeLogger(file: string): Logger {
  mkdirSync(dirname(file), { recursive: true });
  const streams = pino.multistream([
    { level: "debug", stream: pino.destination({ dest: file, sync: true, mkdir: true }) },
    { level: "warn", stream: process.stderr },
  ]);
  return pino({ level: "debug", base: { component: "cca-device" }, redact: { paths: ["key", "*.key", "token", "*.token"], censor: "[redacted]" } }, streams);
}

async function main(argv: string[]): Promise<number> {
  const { values: a } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (a.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const rimHex = need(a["rim-hex"], "rim-hex").toLowerCase().replace(/^sha256:/, "");
  if (!/^[0-9a-f]{64}$/.test(rimHex)) throw new UsageError(`--rim-hex must be 64 hex digits (a SHA-256), got ${JSON.stringify(a["rim-hex"])}`);
  if (a.flavour !== "cca" && a.flavour !== "virtcca") throw new UsageError(`--flavour must be cca or virtcca, got ${JSON.stringify(a.flavour)}`);
  const tokenFormat = a["token-format"] as RealmTokenFormat | undefined;
  if (tokenFormat !== undefined && !REALM_TOKEN_FORMATS.includes(tokenFormat))
    throw new UsageError(`--token-format must be ${REALM_TOKEN_FORMATS.join(", ")}, got ${JSON.stringify(tokenFormat)}`);
  if (tokenFormat !== undefined && tokenFormat !== "legacy" && a.flavour === "virtcca") throw new UsageError(`--token-format ${tokenFormat} needs --flavour cca (virtCCA tokens are the legacy shape)`);
  const policy = readText(need(a.policy, "policy"), "policy");
  let cpak;
  try {
    cpak = createPrivateKey(readText(need(a["cpak-key"], "cpak-key"), "cpak-key"));
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError(`--cpak-key ${a["cpak-key"]}: not a private key PEM (${(e as Error).message})`);
  }
  const socketPath = a["fanotify-socket"];
  if (!socketPath && !existsSync(a.fanotify)) throw new UsageError(`--fanotify ${a.fanotify}: no such file`);
  const mounts = a.mount?.includes("all") ? "all" : (a.mount ?? ["/"]);

  const log = makeLogger(a.log);
  rmSync(a.ready, { force: true }); // never a stale "ready" from an earlier run
  const device = new EmulatedDevice({ policy, cpakPrivateKey: cpak, rim: Buffer.from(rimHex, "hex"), flavour: a.flavour, ...(tokenFormat ? { tokenFormat } : {}), imaDir: a["ima-dir"], faultsFile: a.faults, logger: log });
  mkdirSync(dirname(a["foreign-pub-out"]), { recursive: true });
  const foreignPem = createPublicKey(device.foreignPlatformKey).export({ type: "spki", format: "pem" }).toString();
  writeFileAtomic(a["foreign-pub-out"], foreignPem);

  let lost = 0;
  let stopping = false;
  const counts = { events: 0, measured: 0, cached: 0, unhashed: 0 };
  const fowners = fownerPrefilter(device.policy);
  let helper: StartedFanotifyHelper;
  try {
    const handlers: Pick<FanotifyHelperOptions, "onEvent" | "onOverflow" | "onBadLine" | "onExit"> = {
      onEvent: (ev) => {
        counts.events++;
        const r = device.onOpen(ev);
        if (r.result !== "not_in_policy") counts[r.result]++;
      },
      onOverflow: () => {
        lost++;
        log.error("fanotify queue overflow: opens were lost, the IMA log is incomplete; token requests now fail");
      },
      onBadLine: (line, reason) => log.warn({ line: line.slice(0, 300), reason }, "fanotify helper sent a bad line"),
      onExit: (code, signal, tail) => {
        if (stopping) return;
        log.fatal({ code, signal, stderr: tail }, "fanotify helper died: no more measurements, stopping the device");
        rmSync(a.ready, { force: true });
        process.exit(4);
      },
    };
    helper = socketPath
      ? await listenFanotifyHelper({ socketPath, ...handlers })
      : await startFanotifyHelper({ script: a.fanotify, python: a.python, mounts, fowners, ...handlers });
  } catch (e) {
    const msg = (e as Error).message + ((e as { logTail?: string }).logTail ? `\n${(e as { logTail?: string }).logTail}` : "");
    log.fatal({ err: msg }, "fanotify could not start; not serving an empty IMA log");
    process.stderr.write(`cca-device: ${msg}\n`);
    return 3;
  }
  log.info({ fanotifyPid: helper.pid, marks: helper.marks, mask: helper.mask, hashFowners: fowners ?? "all" }, "fanotify marked");

  const tsm = TsmReportEmulator.start({
    root: a["tsm-root"],
    logger: log,
    report: ({ inblob, name, generation }) => {
      if (lost > 0) throw new Error(`IMA measurements were lost (${lost} fanotify queue overflows); refusing to attest`);
      log.info({ report: name, generation }, "token request");
      return device.attest(inblob);
    },
  });

  const writeReady = (): void =>
    writeFileAtomic(a.ready, `${JSON.stringify({
      pid: process.pid, boot: device.boots, flavour: device.flavour, rim: rimHex, rem0: device.rem0().toString("hex"), entries: device.entries.length,
      fanotify: { pid: helper.pid, marks: helper.marks, mask: helper.mask, hashFowners: fowners ?? "all" },
      rakPublicKeyPem: device.rakPublicKey.export({ type: "spki", format: "pem" }).toString(), foreignPlatformPublicKeyPem: foreignPem,
      tsmRoot: a["tsm-root"], imaDir: a["ima-dir"], at: new Date().toISOString(),
    })}\n`);

  const control = a.control;
  mkdirSync(dirname(control), { recursive: true });
  const onControl = (): void => {
    let cmd: string;
    try {
      cmd = readFileSync(control, "utf8").trim();
    } catch {
      return;
    }
    if (!cmd) return;
    writeFileAtomic(control, "");
    if (cmd === "reboot") {
      device.reboot();
      writeReady();
      log.info({ boot: device.boots, counts }, "reboot done");
    } else log.warn({ cmd: cmd.slice(0, 100) }, "unknown control command (known: reboot)");
  };
  if (existsSync(control)) writeFileAtomic(control, ""); // a command left from before this start is not ours
  const controlWatcher: FSWatcher = watch(dirname(control), (_e, f) => {
    if (f === basename(control)) onControl();
  });

  writeReady();
  log.info({ pid: process.pid, boot: device.boots, flavour: device.flavour, rim: rimHex, tsmRoot: a["tsm-root"], imaDir: a["ima-dir"] }, "device ready");

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info({ signal, counts }, "stopping");
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  stopping = true;
  rmSync(a.ready, { force: true });
  controlWatcher.close();
  tsm.close();
  helper.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`cca-device: ${(e as Error).message}\n`);
    process.exit(usage ? 2 : 1);
  },
);

// Can code in a YARN container read the emulated device's private key? Reads what the key-theft probe printed.
// "unreadable" needs the probe to have run to its end (its nonce) beside the device's interface (the configfs-tsm
// folder present in its view), and no private key anywhere it looked; "readable" needs the device's own key (the
// sha256 of the key the harness gave the device) read from one of the device's paths.
import type { KeyTheftOutcome } from "../attacks/device-key-theft.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface DeviceKeySpec {
  kind: "device-key-exposure";
  step: string;
  expect: "readable" | "unreadable";
}

export function deviceKeyExposure(step: string, expect: DeviceKeySpec["expect"]): DeviceKeySpec {
  return { kind: "device-key-exposure", step, expect };
}

export interface ProbeView {
  complete: boolean;
  tsmPresent: boolean;
  readable: Array<{ path: string; sha256: string; header: string }>;
  absent: string[];
  keyFiles: string[];
  deviceProcesses: string[];
}

/** The probe's output, line by line (see probeScript). */
export function parseProbe(stdout: string, nonce: string): ProbeView {
  const lines = stdout.split("\n").map((l) => l.trim());
  const rest = (prefix: string): string[] => (lines.find((l) => l.startsWith(prefix))?.slice(prefix.length).trim().split(/\s+/).filter(Boolean) ?? []);
  return {
    complete: lines.includes(`PROBE-DONE ${nonce}`),
    tsmPresent: lines.some((l) => /^TSM \S+ present$/.test(l)),
    readable: lines.flatMap((l) => {
      const m = /^READABLE (\S+) sha256=([0-9a-f]{12}) ?(.*)$/.exec(l);
      return m ? [{ path: m[1]!, sha256: m[2]!, header: m[3]!.trim() }] : [];
    }),
    absent: lines.flatMap((l) => (l.startsWith("ABSENT ") ? [l.slice(7)] : [])),
    keyFiles: rest("KEYFILES "),
    deviceProcesses: rest("DEVICE-PROCESS "),
  };
}

export const deviceKeyChecker: Checker<DeviceKeySpec> = {
  kind: "device-key-exposure",
  check(spec, ev): CheckResult {
    const rec = ev.step(spec.step);
    const o = rec?.evidence<KeyTheftOutcome>();
    if (!o) return { valid: "unknown", message: `step ${spec.step} left no probe output${rec?.problem ? `: ${rec.problem}` : ""}` };
    const v = parseProbe(o.stdout, o.nonce);
    const evidence = { appId: o.appId, node: o.node, ...v, deviceKeySha256: o.deviceKeySha256 };
    if (!v.complete) return { valid: "unknown", message: `the probe in ${o.appId} did not run to its end (no PROBE-DONE ${o.nonce} in its stdout): what it could read is not known`, evidence };
    const key = v.readable.find((r) => r.sha256 === o.deviceKeySha256);
    if (key) {
      const message = `a YARN container of ${o.tenant} (${o.appId}) on ${o.node} read the device's private key: ${key.path} (sha256 ${key.sha256}…, "${key.header}"), so it could sign its own attestation token`;
      return { valid: spec.expect === "readable", message: `${message}; expected ${spec.expect}`, evidence };
    }
    if (!v.tsmPresent) return { valid: "unknown", message: `the probe in ${o.appId} did not see the device's interface (the configfs-tsm folder): it may not have run where a device is`, evidence };
    const other = [...v.readable.map((r) => r.path), ...v.keyFiles];
    const message =
      `a YARN container of ${o.tenant} (${o.appId}) on ${o.node}, beside the device's configfs-tsm interface, found no device key: ${v.absent.length} device path(s) absent (${v.absent.join(", ")})` +
      `${other.length > 0 ? `; readable but not the device's key: ${other.join(", ")}` : "; no private key PEM under /etc /run /var/lib/shieldlab /opt/shieldlab /tmp"}` +
      `${v.deviceProcesses.length > 0 ? `; device process visible: ${v.deviceProcesses.join(" ")}` : "; the device's process is not in its view"}`;
    const clean = v.keyFiles.length === 0 && v.deviceProcesses.length === 0;
    return { valid: clean ? spec.expect === "unreadable" : spec.expect === "readable" ? false : "unknown", message: `${message}; expected ${spec.expect}`, evidence };
  },
};

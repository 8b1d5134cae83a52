import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { DeviceKeyTheftStepSchema, deviceKeyTheft } from "../steps/device-key-theft-step.ts";
import { stepRecord } from "../steps/step-evidence.ts";
import { deviceKeyChecker, deviceKeyExposure } from "./device-key-checker.ts";

const NONCE = "a1b2c3d4e5f6";
const KEY = "5d2f0e6b9a11";
const ABSENT = ["ABSENT /etc/shieldlab/cca/cpak.pem", "ABSENT /run/shieldlab/faults.json", "ABSENT /run/shieldlab/control", "ABSENT /run/shieldlab/device-ready"];

function check(expectWhat: "readable" | "unreadable", lines: string[] | undefined) {
  const step = DeviceKeyTheftStepSchema.parse(deviceKeyTheft({ tenant: "alice", node: "nm-1" }));
  const rec = stepRecord(step, lines ? { evidence: { node: "nm-1", tenant: "alice", appId: "application_1_0001", nonce: NONCE, deviceKeySha256: KEY, stdout: lines.join("\n") } } : { problem: "could not submit" });
  return deviceKeyChecker.check(deviceKeyExposure("key-theft", expectWhat), new ScenarioEvidence(new History(), new Map([["key-theft", rec]]), "/nonexistent")) as { valid: unknown; message: string };
}

describe("deviceKeyChecker", () => {
  it("unreadable: the probe ran to its end beside the device's interface, and found no key and no device process", () => {
    const r = check("unreadable", [...ABSENT, "KEYFILES ", "DEVICE-PROCESS ", "TSM /run/shieldlab/tsm/report present", `PROBE-DONE ${NONCE}`]);
    expect(r.valid).toBe(true);
    expect(r.message).toContain("found no device key: 4 device path(s) absent");
    expect(r.message).toContain("the device's process is not in its view");
  });

  it("readable: the device's own key (by its sha256) read from its path; the same view fails an expected unreadable", () => {
    const lines = [`READABLE /etc/shieldlab/cca/cpak.pem sha256=${KEY} BEGIN PRIVATE KEY-`, ...ABSENT.slice(1), "KEYFILES /etc/shieldlab/cca/cpak.pem ", "DEVICE-PROCESS /proc/812/cmdline", "TSM /run/shieldlab/tsm/report present", `PROBE-DONE ${NONCE}`];
    expect(check("readable", lines).valid).toBe(true);
    expect(check("unreadable", lines).valid).toBe(false);
    expect(check("readable", lines).message).toContain("read the device's private key: /etc/shieldlab/cca/cpak.pem (sha256 5d2f0e6b9a11…");
  });

  it("no proof is unknown: no output, a probe cut short, no device interface in view, another key found", () => {
    expect(check("unreadable", undefined).valid).toBe("unknown");
    expect(check("unreadable", [...ABSENT, "KEYFILES ", "TSM /run/shieldlab/tsm/report present"]).valid).toBe("unknown");
    expect(check("unreadable", [...ABSENT, "KEYFILES ", "DEVICE-PROCESS ", "TSM /run/shieldlab/tsm/report missing", `PROBE-DONE ${NONCE}`]).valid).toBe("unknown");
    expect(check("unreadable", [...ABSENT, "KEYFILES /etc/ssl/private/other.pem", "DEVICE-PROCESS ", "TSM /run/shieldlab/tsm/report present", `PROBE-DONE ${NONCE}`]).valid).toBe("unknown");
    // a readable expectation with nothing read is a failed control
    expect(check("readable", [...ABSENT, "KEYFILES ", "DEVICE-PROCESS ", "TSM /run/shieldlab/tsm/report present", `PROBE-DONE ${NONCE}`]).valid).toBe(false);
  });
});

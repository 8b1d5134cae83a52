// Seeded, reproducible fuzzing: every mutated input parses or throws the typed HarnessError, nothing else.
import { describe, expect, it } from "vitest";
import { HarnessError } from "../errors/harness-error.ts";
import { parseAsciiLog, writeAsciiLog } from "./ima-ascii-log.ts";
import { parseBinaryLog, writeBinaryLog } from "./ima-binary-log.ts";
import { policyDecides } from "./ima-policy-match.ts";
import { parseImaPolicy } from "./ima-policy.ts";
import { seededRandom } from "../util/seeded-random.ts";
import { sampleLog, syntheticLog } from "./ima-sample-log.ts";

const prng = seededRandom;

/** Runs `attempt` and sorts the outcome: parsed, typed error (with the wanted code), or anything else. */
function outcome(attempt: () => void, code: HarnessError["code"]): "ok" | "typed" | string {
  try {
    attempt();
    return "ok";
  } catch (e) {
    return e instanceof HarnessError && e.code === code ? "typed" : String(e instanceof Error ? e.stack : e);
  }
}

function mutateBytes(base: Buffer, rnd: () => number, donor: Buffer): Buffer {
  const int = (n: number): number => Math.floor(rnd() * n);
  let b = Buffer.from(base);
  const rounds = 1 + int(3);
  for (let r = 0; r < rounds; r++) {
    const at = int(b.length + 1);
    switch (int(6)) {
      case 0: // flip bits in a few bytes
        for (let k = 0, n = 1 + int(4); k < n && b.length > 0; k++) b[int(b.length)]! ^= 1 << int(8);
        break;
      case 1: // truncate
        b = b.subarray(0, at);
        break;
      case 2: { // overwrite a le32 with an interesting value
        if (b.length < 4) break;
        const values = [0, 1, 5, 6, 7, 20, 40, 41, 63, 64, 255, 256, 0x7fffffff, 0xffffffff, int(2 ** 32), b.readUInt32LE(Math.min(at, b.length - 4)) + (rnd() < 0.5 ? 1 : -1)];
        b.writeUInt32LE(values[int(values.length)]! >>> 0, Math.min(at, b.length - 4));
        break;
      }
      case 3: // insert random bytes
        b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(8) }, () => int(256))), b.subarray(at)]);
        break;
      case 4: // delete a range
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(16))]);
        break;
      default: { // splice in a piece of another log
        const from = int(donor.length);
        b = Buffer.concat([b.subarray(0, at), donor.subarray(from, from + 1 + int(64)), b.subarray(at)]);
      }
    }
  }
  return b;
}

const POLICY_LINES = [
  "measure func=FILE_CHECK mask=MAY_READ fowner=1001",
  "dont_measure fsmagic=0x9fa0",
  "measure func=FILE_MMAP mask=MAY_EXEC",
  "measure func=FILE_CHECK mask=^MAY_READ euid=0",
  "appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig|modsig",
  "measure func=KEY_CHECK keyrings=.ima|.evm template=ima-buf",
  "measure func=CRITICAL_DATA label=selinux",
  "appraise func=SETXATTR_CHECK appraise_algos=sha256,sha384",
  "measure func=BPRM_CHECK fsuuid=8bcbe394-4f13-4144-be8e-5aa9ea2ce2f6 pcr=11",
  "measure func=FILE_CHECK uid<1000 fgroup>5 template=ima-ng",
  "appraise fowner=0 permit_directio",
  "# a comment",
  "",
];
const FRAGMENTS = ["measure", "dont_", "appraise", "func=", "mask=", "^", "MAY_", "READ", "uid", "<", ">", "=", "fowner=", "0x", "pcr=", "template=", "ima-ng", "|", ",", "#", " ", "\t", "\n", "\r", "\0", "é", "FILE_CHECK", "-", "99999999999"];

function mutatePolicy(base: string, rnd: () => number): string {
  const int = (n: number): number => Math.floor(rnd() * n);
  let s = base;
  for (let r = 0, rounds = 1 + int(3); r < rounds; r++) {
    const at = int(s.length + 1);
    switch (int(5)) {
      case 0:
        s = s.slice(0, at) + FRAGMENTS[int(FRAGMENTS.length)] + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + int(6));
        break;
      case 2:
        s = s.slice(0, at) + String.fromCharCode(int(128)) + s.slice(at + 1);
        break;
      case 3: {
        const tokens = s.split(" ");
        const i = int(tokens.length);
        const j = int(tokens.length);
        [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
        s = tokens.join(" ");
        break;
      }
      default:
        s = s.slice(0, at) + POLICY_LINES[int(POLICY_LINES.length)] + "\n" + s.slice(at);
    }
  }
  return s;
}

describe("fuzz", () => {
  it("10 000 mutated binary logs: each parses (and re-encodes to the bytes it consumed) or throws the typed error", () => {
    const rnd = prng(0x1ae5eed);
    const bases = [writeBinaryLog(sampleLog()), writeBinaryLog(syntheticLog(3))];
    const surprises: string[] = [];
    const tally = { ok: 0, typed: 0 };
    for (let i = 0; i < 10_000; i++) {
      const input = mutateBytes(bases[i % 2]!, rnd, bases[(i + 1) % 2]!);
      const partial = i % 4 === 0;
      const r = outcome(() => {
        const { entries, consumed } = parseBinaryLog(input, { allowPartialTail: partial });
        if (!writeBinaryLog(entries).equals(input.subarray(0, consumed))) throw new Error(`round trip differs for input ${i}`);
      }, "INVALID_INPUT");
      if (r === "ok" || r === "typed") tally[r]++;
      else surprises.push(`input ${i} (${input.toString("hex").slice(0, 80)}…): ${r}`);
    }
    expect(surprises.slice(0, 3)).toEqual([]);
    // the mutations must reach both sides, or the fuzzer tests nothing
    expect(tally.ok).toBeGreaterThan(100);
    expect(tally.typed).toBeGreaterThan(5_000);
  });

  it("10 000 mutated policy texts: each parses (and decides) or throws IMA_POLICY_INVALID naming line and column", () => {
    const rnd = prng(0xb0110c);
    const pick = (): string => POLICY_LINES[Math.floor(rnd() * POLICY_LINES.length)]!;
    const event = { func: "FILE_CHECK", mask: ["MAY_READ"], uid: 1001, euid: 1001, gid: 1001, fowner: 1001, fgroup: 1001, path: "/x" } as const;
    const surprises: string[] = [];
    const tally = { ok: 0, typed: 0 };
    for (let i = 0; i < 10_000; i++) {
      const text = mutatePolicy(Array.from({ length: 1 + (i % 4) }, pick).join("\n"), rnd);
      const r = outcome(() => {
        try {
          policyDecides(parseImaPolicy(text), event);
        } catch (e) {
          if (e instanceof HarnessError && !/^ima policy line \d+, column \d+: /.test(e.message)) throw new Error(`no line/column in: ${e.message}`);
          throw e;
        }
      }, "IMA_POLICY_INVALID");
      if (r === "ok" || r === "typed") tally[r]++;
      else surprises.push(`input ${i} ${JSON.stringify(text).slice(0, 120)}: ${r}`);
    }
    expect(surprises.slice(0, 3)).toEqual([]);
    expect(tally.ok).toBeGreaterThan(500);
    expect(tally.typed).toBeGreaterThan(3_000);
  });

  it("2 000 mutated ASCII logs: each parses or throws the typed error", () => {
    const rnd = prng(0xa5c11);
    const base = writeAsciiLog(sampleLog());
    const surprises: string[] = [];
    for (let i = 0; i < 2_000; i++) {
      const text = mutatePolicy(base, rnd);
      const r = outcome(() => parseAsciiLog(text), "INVALID_INPUT");
      if (r !== "ok" && r !== "typed") surprises.push(`input ${i}: ${r}`);
    }
    expect(surprises.slice(0, 3)).toEqual([]);
  });
});

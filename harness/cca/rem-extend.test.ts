import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { hex } from "./cca-test-support.ts";
import { extendRem, initialRem, replayRem } from "./rem-extend.ts";

const fill = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

describe("REM extend", () => {
  it("computes REM' = SHA-256(REM ‖ value) from 32 zero bytes (vectors from Python hashlib)", () => {
    const once = extendRem(initialRem("sha-256"), fill(32, 1), "sha-256");
    expect(hex(once)).toBe("5c85955f709283ecce2b74f1b1552918819f390911816e7bb466805a38ab87f3");
    expect(hex(replayRem([fill(32, 1), fill(32, 2)], "sha-256"))).toBe("a7f2fad943905535b10ccf63c832802ed84eaffb15e4fb6bee86a817c35eb833");
  });

  it("uses SHA-512 over a 64-byte zero REM when 44236 is sha-512", () => {
    expect(initialRem("sha-512")).toEqual(new Uint8Array(64));
    expect(hex(extendRem(initialRem("sha-512"), new TextEncoder().encode("abc"), "sha-512"))).toBe(
      "7682b6b84c6f692545a896ad210299bcc6f74e189d829e165739b11dd83b6f2c8cfacf27e812bf064df756d6235ac33c062b89ecb80f8215516dbbb844ce8480",
    );
  });

  it("refuses more than 64 bytes of data and a REM of the wrong length", () => {
    for (const f of [() => extendRem(initialRem("sha-256"), fill(65, 0), "sha-256"), () => extendRem(fill(48, 0), fill(1, 0), "sha-256")]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isHarnessError(err, "INVALID_INPUT")).toBe(true);
    }
  });
});

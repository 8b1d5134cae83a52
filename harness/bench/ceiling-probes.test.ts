import { describe, expect, it } from "vitest";
import { parseOpensslSpeed } from "./ceiling-probes.ts";

describe("parseOpensslSpeed", () => {
  it("reads OpenSSL 3's table: k-bytes per second per block size", () => {
    const out = `The 'numbers' are in 1000s of bytes per second processed.
type             16 bytes     64 bytes    256 bytes   1024 bytes   8192 bytes  16384 bytes
AES-256-GCM      45231.66k   181780.91k   656633.60k  1872228.82k  4076589.98k  4543817.84k
`;
    expect(parseOpensslSpeed(out)).toEqual({ "16B": 45231.66, "64B": 181780.91, "256B": 656633.6, "1024B": 1872228.82, "8192B": 4076589.98, "16384B": 4543817.84 });
  });
  it("gives nothing for output without the table", () => {
    expect(parseOpensslSpeed("openssl: unknown option")).toEqual({});
  });
});

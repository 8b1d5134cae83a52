import { fuzzChunkTests } from "./cca-test-support.ts";

// Half of the 10 000-mutation fuzz run, in chunks of 1 000 with their own seeds (replay one with fuzzVerify(seed, 1000, …));
// the other half is in cca-token-fuzz-b.test.ts so the two files run in parallel.
fuzzChunkTests([0, 1, 2, 3, 4].map((i) => 20261122 + i));

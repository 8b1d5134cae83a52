import { defineConfig } from "vitest/config";

// Two projects: fast unit tests (no Docker) beside the code, and integration tests that start the real cluster.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["harness/**/*.test.ts", "bench/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["scripts/**/*.integration.test.ts", "scenarios/**/*.integration.test.ts", "bench/**/*.integration.test.ts"],
          environment: "node",
          globalSetup: ["scenarios/global-setup.ts"],
          // a guard against hangs, not a speed target: the default suite (62 scenarios) takes ~20 min on 2 cores
          testTimeout: 60 * 60_000,
          hookTimeout: 30 * 60_000,
          fileParallelism: false,
          sequence: { concurrent: false },
        },
      },
    ],
  },
});

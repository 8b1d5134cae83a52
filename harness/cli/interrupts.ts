// Ctrl-C handling: the first signal aborts the run (teardown, reports kept); a second one forces an exit
// after removing this process's containers. Either way the exit code is 130.
import { reap } from "../engine/reaper.ts";
import { EXIT } from "./exit-codes.ts";

let received: NodeJS.Signals | undefined;

/** True once SIGINT or SIGTERM arrived (the command then exits 130, whatever else happened). */
export function wasInterrupted(): boolean {
  return received !== undefined;
}

export function installInterruptHandler(onFirst: () => void): AbortSignal {
  const controller = new AbortController();
  let count = 0;
  const handler = (sig: NodeJS.Signals): void => {
    count++;
    received = sig;
    process.exitCode = EXIT.interrupted;
    if (count === 1) {
      process.stderr.write(`\n[shieldlab] ${sig}: stopping — tearing the cluster down and writing reports (again to force)\n`);
      controller.abort(new Error(`interrupted by ${sig}`));
      onFirst();
      return;
    }
    process.stderr.write(`\n[shieldlab] ${sig} again: removing this run's containers and exiting\n`);
    const timeout = setTimeout(() => process.exit(EXIT.interrupted), 15_000);
    void reap({ keepLiveOwners: true, keepKept: true }).finally(() => {
      clearTimeout(timeout);
      process.exit(EXIT.interrupted);
    });
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return controller.signal;
}

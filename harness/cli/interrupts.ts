// Ctrl-C handling: the first signal aborts the run (teardown, reports kept); a second one forces an exit
// after removing this process's containers.
import { reap } from "../engine/reaper.ts";

export function installInterruptHandler(onFirst: () => void): AbortSignal {
  const controller = new AbortController();
  let count = 0;
  const handler = (sig: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      process.stderr.write(`\n[shieldlab] ${sig}: stopping — tearing the cluster down and writing reports (again to force)\n`);
      controller.abort(new Error(`interrupted by ${sig}`));
      onFirst();
      return;
    }
    process.stderr.write(`\n[shieldlab] ${sig} again: removing this run's containers and exiting\n`);
    const timeout = setTimeout(() => process.exit(130), 15_000);
    void reap({ keepLiveOwners: true, keepKept: true }).finally(() => {
      clearTimeout(timeout);
      process.exit(130);
    });
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return controller.signal;
}

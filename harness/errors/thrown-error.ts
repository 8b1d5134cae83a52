// For tests: the HarnessError a call throws (with the expected code, when given); anything else fails the test.
import { HarnessError, isHarnessError, type HarnessErrorCode } from "./harness-error.ts";

export function thrownHarnessError(fn: () => unknown, code?: HarnessErrorCode): HarnessError {
  try {
    fn();
  } catch (e) {
    if (!isHarnessError(e, code)) throw e;
    return e;
  }
  throw new Error(`expected a HarnessError${code ? ` ${code}` : ""}, but the call returned normally`);
}

// Writes the TEST ONLY CCA key fixtures. Usage: npx tsx harness/cca/generate-cca-test-keys.ts [dir] [--overwrite]
import { ccaFixturesDir, writeCcaTestKeys } from "./cca-test-keys.ts";

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--")) ?? ccaFixturesDir;
const written = writeCcaTestKeys(dir, args.includes("--overwrite"));
console.log(written.length > 0 ? `wrote:\n${written.join("\n")}` : `all keys already present in ${dir} (pass --overwrite to replace)`);

/**
 * `npm run bench`: every benchmark, printed as tables. These are measurements, not tests: they
 * never fail on a number. The README shows the figures with the machine they were taken on.
 */
import { execFileSync, spawnSync } from "child_process";
import * as os from "os";
import { benchScaling, benchSynth } from "./synth";
import { ROOT } from "./measure";

/** `npm test` as CI runs it: the type-check, then jest. */
function benchTests(): string {
  const started = process.hrtime.bigint();
  const r = spawnSync("npm", ["test", "--silent"], { cwd: ROOT, encoding: "utf8" });
  const s = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = (`${r.stdout}\n${r.stderr}`.match(/^Tests:.*$/m) ?? ["?"])[0];
  return `npm test (tsc --noEmit, then jest): ${s.toFixed(1)} s wall, exit ${r.status} (${summary.replace(/\s+/g, " ")}); budget < 60 s`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (k: string) => !only.length || only.includes(k);
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  try {
    console.log(
      `git: ${execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim()}`,
    );
  } catch {
    /* not a checkout */
  }
  if (want("synth")) console.log(`\n${benchSynth()}`);
  if (want("scaling")) console.log(`\n${benchScaling()}`);
  if (want("tests")) console.log(`\n${benchTests()}`);
  if (want("service")) {
    const { benchService } = await import("./service");
    console.log(`\n${await benchService()}`);
  }
  if (want("faults")) {
    const { benchFaults } = await import("./faults");
    console.log(`\n${await benchFaults()}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

// npm run baseline:show [-- --history <file>] [--run <id>] [--markdown]
// Prints, per machine class in the baseline history, its latest run (or --run) against the median of
// the runs before it, with regressions beyond slo.regressionTolerance marked.
import { readEnv } from "../harness/config/env.ts";
import { compareWithBaseline } from "../harness/baseline/baseline-compare.ts";
import { baselineHistoryFile, readBaselineHistory } from "../harness/baseline/baseline-history.ts";
import { baselineTableMarkdown, baselineTableText } from "../harness/baseline/baseline-table.ts";
import { sloFor } from "../harness/slo/resolve-slo.ts";
import { resolveTarget } from "../harness/stack/target.ts";

const USAGE = "usage: npm run baseline:show -- [--history <baselines.jsonl>] [--run <run id>] [--markdown]";

function parseArgs(argv: string[]): { history: string | undefined; run: string | undefined; markdown: boolean } {
  const args = { history: undefined as string | undefined, run: undefined as string | undefined, markdown: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--markdown") args.markdown = true;
    else if (flag === "--history" || flag === "--run") {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
      args[flag === "--history" ? "history" : "run"] = value;
    } else throw new Error(`unknown argument ${flag}; ${USAGE}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const env = readEnv();
  const file = args.history ?? baselineHistoryFile(env.reportsDir);
  const history = await readBaselineHistory(file);
  if (history.length === 0) {
    console.log(`no baseline history yet in ${file}: each validation run appends one line`);
    return 0;
  }
  const slo = sloFor((await resolveTarget(env)).profile, env);
  const targets = args.run !== undefined ? history.filter((entry) => entry.runId === args.run) : [...new Map(history.map((entry) => [entry.machineKey, entry])).values()];
  if (targets.length === 0) throw new Error(`run ${args.run} is not in ${file}`);
  console.log(`${file}: ${history.length} run(s); baseline = median of the last ${slo.baselineWindowRuns} earlier runs of the same machine class, tolerance ${Math.round(slo.regressionTolerance * 100)} %`);
  for (const target of targets) {
    const earlier = history.slice(0, history.indexOf(target));
    const comparison = compareWithBaseline(target, earlier, slo);
    console.log(`\n${args.markdown ? baselineTableMarkdown(comparison) : baselineTableText(comparison)}`);
  }
  // showing is not gating: the validation run decides what a regression does to CI
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);

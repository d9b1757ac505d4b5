// npm run lint:stack -- <compose file> [Containerfiles...] [--format text|json|sarif] [--stateless a,b] [--allow-caps X,Y]
import { readVariables } from "../harness/config/env.ts";
import { ComposeError, formatReport, lintStack, type LintOptions, type OutputFormat } from "../harness/lint/index.ts";

const USAGE = "usage: npm run lint:stack -- <compose file> [Containerfiles...] [--format text|json|sarif] [--stateless svc1,svc2] [--allow-caps CAP1,CAP2]";

interface Args {
  compose: string;
  containerfiles: string[];
  format: OutputFormat;
  stateless: string[];
  capAllowList: string[] | undefined;
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  let format: OutputFormat = "text";
  let stateless: string[] = [];
  let capAllowList: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.startsWith("--") ? (a.split("=", 2) as [string, string | undefined]) : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
      return v;
    };
    if (flag === "--format") {
      const v = value();
      if (v !== "text" && v !== "json" && v !== "sarif") throw new Error(`--format ${v} is not text, json or sarif`);
      format = v;
    } else if (flag === "--stateless") stateless = value().split(",").filter(Boolean);
    else if (flag === "--allow-caps") capAllowList = value().split(",").filter(Boolean);
    else if (flag === "--help" || flag === "-h") throw new Error(USAGE);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}; ${USAGE}`);
    else positional.push(a);
  }
  const [compose, ...containerfiles] = positional;
  if (!compose) throw new Error(`no compose file given; ${USAGE}`);
  return { compose, containerfiles, format, stateless, capAllowList };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`lint-stack: ${(e as Error).message}`);
    return 2;
  }
  const options: LintOptions = { variables: readVariables(), stateless: args.stateless, containerfiles: args.containerfiles };
  if (args.capAllowList) options.capAllowList = args.capAllowList;
  try {
    const report = await lintStack(args.compose, options);
    console.log(formatReport(report, args.format, process.cwd()));
    return report.errorCount > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ComposeError) {
      console.error(`lint-stack: ${e.toString()}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main();

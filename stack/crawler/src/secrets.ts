import { readFileSync } from "node:fs";

/** Reads a mounted secret; the trailing newline editors and `echo` add is not part of it. */
export function readSecret(path: string, what: string): string {
  let value: string;
  try {
    value = readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    throw new Error(`cannot read ${what} from ${path}: ${(error as Error).message}`);
  }
  if (value === "") throw new Error(`${what} file ${path} is empty`);
  return value;
}

#!/usr/bin/env node
// The `clutchcall` command line.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "../package.json"), "utf8"));
const [command = "help"] = process.argv.slice(2);

const HELP = `clutchcall ${pkg.version}

Usage: clutchcall <command>

Commands:
  help       show this text
  version    print the SDK version
`;

switch (command) {
  case "help":
  case "--help":
  case "-h":
    process.stdout.write(HELP);
    break;
  case "version":
  case "--version":
    console.log(pkg.version);
    break;
  default:
    process.stderr.write(`clutchcall: unknown command "${command}"\n\n${HELP}`);
    process.exit(2);
}

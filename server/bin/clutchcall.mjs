#!/usr/bin/env node
// The `clutchcall` command line of @clutchcall/dev-server. `server`, `keygen` and
// `token` run on Deno, installed from npm with this package (the `deno` package).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
const [command = "help", ...rest] = process.argv.slice(2);

const HELP = `clutchcall ${pkg.version}

Usage: clutchcall <command> [options]

Commands:
  server     run the local MoQT relay (HTTP/3 WebTransport + QMux over WebSocket)
             e.g. clutchcall server --port 4443 --no-auth   (see clutchcall server --help)
  keygen     make an Ed25519 (or RSA) key pair for server --auth-key
  token      mint a JWT signed with a keygen private key (for local testing)
  call-in    place a simulated inbound call on a running dev server (PSTN simulator)
  help       show this text
  version    print the dev server's version
`;

/**
 * The script for a command: the TypeScript source in a checkout of the
 * repository, the JavaScript build (dist/, made by `npm pack`) once installed.
 */
function script(name) {
  const source = resolve(root, `${name}.ts`);
  return existsSync(source) ? source : resolve(root, "dist", `${name}.js`);
}

/** The Deno executable of the `deno` npm package, wherever npm put it. */
function denoExecutable() {
  const require = createRequire(resolve(root, "package.json"));
  let dir;
  try {
    dir = dirname(require.resolve("deno/package.json"));
  } catch {
    throw new Error('the "deno" package is not installed: run npm install');
  }
  const exe = resolve(dir, process.platform === "win32" ? "deno.exe" : "deno");
  if (existsSync(exe)) return exe;
  // The package's postinstall did not run (npm may not approve it): its own
  // installer finds the binary in the platform package.
  return createRequire(resolve(dir, "package.json"))("./install_api.cjs").runInstall();
}

/** Runs Deno with `args`, forwarding stdio and signals; exits with its code. */
function runDeno(args) {
  let exe;
  try {
    exe = denoExecutable();
  } catch (e) {
    process.stderr.write(`clutchcall: ${e instanceof Error ? e.message : e}\n`);
    process.exit(1);
  }
  const child = spawn(exe, args, { stdio: "inherit", cwd: process.cwd() });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => forward(signal));
  child.on("error", (e) => {
    process.stderr.write(`clutchcall: cannot run ${exe}: ${e.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      const numbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
      process.exit(128 + (numbers[signal] ?? 0));
    }
    process.exit(code ?? 1);
  });
}

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
  case "server":
    runDeno(["run", "-A", "--unstable-net", script("main"), ...rest]);
    break;
  case "call-in": {
    const { callIn } = await import("./call-in.mjs");
    process.exitCode = await callIn(rest);
    break;
  }
  case "keygen":
  case "token":
    runDeno(["run", "-A", script("token"), command, ...rest]);
    break;
  default:
    process.stderr.write(`clutchcall: unknown command "${command}"\n\n${HELP}`);
    process.exit(2);
}

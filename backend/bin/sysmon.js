#!/usr/bin/env node
// Entry point of the `sysmon` command: load TypeScript sources through tsx, then run the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main.ts');
process.exitCode = await runCli(process.argv.slice(2));

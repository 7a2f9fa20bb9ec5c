#!/usr/bin/env node
import { run } from '../dist/cli/main.js';

process.exitCode = await run(process.argv.slice(2), process.env);
// Whatever a library might still hold open, the process ends soon after its command has.
setTimeout(() => process.exit(), 2000).unref();

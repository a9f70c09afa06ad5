#!/usr/bin/env node
// The published entry point: the compiled CLI (built by `npm run build`).
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).catch((error) => {
  console.error('partner-pixel-bridge:', error.message);
  process.exit(1);
});

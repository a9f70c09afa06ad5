// The published shape of `partner-pixel`: publint (package.json and files) and
// arethetypeswrong (types resolve for every entry under every module resolution).
import { execFileSync } from 'node:child_process';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: 'packages/pixel' });
run('npx', ['--no-install', 'publint', '--strict']);
// ESM-only by design: node10 and CJS consumers resolve nothing, which attw reports as an error.
run('npx', ['--no-install', 'attw', '--pack', '.', '--profile', 'esm-only']);
console.log('package check passed (the node10 and CommonJS rows above are ignored on purpose: the package is ESM-only)');

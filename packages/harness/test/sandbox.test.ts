import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/sandbox.mjs', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));

// `npm start` runs the build first; the sandbox runs from the built harness.
describe.runIf(built)('the sandbox (npm start)', () => {
  it('starts three cross-site hosts and the bridge, seeds partners, checks every site answers and exits 0', () => {
    const run = spawnSync(process.execPath, [bin], {
      env: { ...process.env, PORT: '0', SANDBOX_EXIT_AFTER_READY: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const port = /http:\/\/localhost:(\d+)\//.exec(run.stdout)?.[1];
    expect(Number(port)).toBeGreaterThan(0);
    for (const url of [`http://localhost:${port}/`, `http://127.0.0.1:${port}/checkout?item=SKU-1`, `http://ontraport.localhost:${port}/`])
      expect(run.stdout).toContain(url);
    expect(run.stdout).toContain(`http://ontraport.localhost:${port}/c?orid=480125&opid=1`);
    // Five sites and the bridge beside them, whose webhook URL the console prints too.
    expect(run.stdout.match(/^ {2}ok /gm)).toHaveLength(6);
    expect(run.stdout).toMatch(/^ {2}ok {3}bridge \(http:\/\/127\.0\.0\.1:\d+\/healthz\) -> 200$/m);
    expect(run.stdout).toMatch(/Bridge {14}http:\/\/127\.0\.0\.1:\d+\/ultracart\/webhook/);
    expect(run.stdout).toContain('Self-check passed.');
    // A child process on a busy 2-core machine: the limit only keeps a hang from lasting forever.
  }, 90_000);

  it('numbers a restarted sandbox\'s orders past the last run\'s, so a browser\'s ledger never meets an id twice', () => {
    const firstOrder = () => {
      const run = spawnSync(process.execPath, [bin], { env: { ...process.env, PORT: '0', SANDBOX_EXIT_AFTER_READY: '1' }, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(0);
      const number = /numbered from UC-(\d+)/.exec(run.stdout)?.[1];
      expect(number, run.stdout).toBeDefined();
      return Number(number);
    };
    const before = firstOrder();
    const after = firstOrder();
    expect(before).toBeGreaterThan(1001);
    expect(after).toBeGreaterThan(before);
  }, 120_000);
});

/**
 * Chromium driven over the DevTools protocol itself (`--remote-debugging-pipe`), with only the
 * domains the bench reads: no Playwright, whose pages always have the Runtime domain enabled.
 *
 * Why that matters: while a DevTools session has the Runtime domain enabled, the stack traces
 * Chromium takes as a script runs hold every frame instead of the top one, and V8 re-parses
 * each script on the stack, the whole tag included, to find its source positions (a trace of
 * one landing load shows it doing so between the tag's `localStorage` and `document.cookie`
 * reads: 0.7 ms of CPU to re-parse the tag alone). A buyer's browser
 * has no DevTools attached and pays none of that. It costs a script whose work sits deep in
 * nested functions far more than a flat one: on the landing page the page tag took 3.50 ms of
 * main-thread CPU with Runtime enabled and 1.61 ms without, while js-cookie plus a one-line
 * pixel stayed at about 2.1 ms. The bench prints that comparison in every run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts Chromium headless with `args` and a fresh profile; resolves to a client whose `send`
 * speaks to the browser (or, with a `sessionId`, to one page) and whose `on` hears events.
 */
export async function launchOverPipe(executablePath, args) {
  const profile = mkdtempSync(join(tmpdir(), 'partner-pixel-bench-'));
  const chrome = spawn(
    executablePath,
    [...args, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check', 'about:blank'],
    // The protocol: fd 3 carries our messages in, fd 4 the browser's out, each ended by a NUL.
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const [input, output] = [chrome.stdio[3], chrome.stdio[4]];
  const pending = new Map();
  const listeners = new Set();
  let lastId = 0;
  let buffered = '';
  output.on('data', (chunk) => {
    const parts = (buffered + chunk).split('\0');
    buffered = parts.pop();
    for (const part of parts) {
      const message = JSON.parse(part);
      if (message.id == null) listeners.forEach((listener) => listener(message));
      else {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    }
  });
  const exited = new Promise((resolve) => chrome.once('exit', resolve));
  exited.then(() => pending.forEach((settle) => settle({ error: { message: 'Chromium exited' } })));

  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
      input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  const on = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  /** Resolves with the params of the next `method` event of `sessionId`. */
  const once = (method, sessionId) =>
    new Promise((resolve) => {
      const off = on((m) => m.method == method && m.sessionId == sessionId && (off(), resolve(m.params)));
    });
  const close = async () => {
    await Promise.race([send('Browser.close').catch(() => {}), exited]);
    chrome.kill();
    await exited;
    rmSync(profile, { recursive: true, force: true });
  };
  // The first answer proves the pipe is up (and fails fast if Chromium did not start).
  const { product } = await Promise.race([send('Browser.getVersion'), exited.then(() => Promise.reject(new Error(`${executablePath} exited at start`)))]);
  return { send, once, close, version: product.replace(/^[^/]*\//, '') };
}

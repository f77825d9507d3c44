/**
 * A minimal headless Chromium driver for the HTML report test: the Chrome DevTools Protocol over
 * --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-separated JSON), no extra package. It opens one
 * page at a chosen width and CSS media (screen or print), collects console errors, exceptions and
 * log errors, evaluates an expression and takes a screenshot. The binary comes from REFTBENCH_CHROMIUM or the usual Debian/Ubuntu names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.REFTBENCH_CHROMIUM;
  if (explicit && existsSync(explicit)) return explicit;
  return CANDIDATES.find((c) => existsSync(c));
}

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string };

export interface PageVisit {
  /** Console errors, uncaught exceptions and browser log errors (CSP violations, failed loads). */
  errors: string[];
  /** The value of the evaluated expression (returnByValue). */
  value: unknown;
  /** The screenshot as PNG bytes. */
  screenshot: Buffer;
}

export interface VisitOptions {
  /** Viewport width in CSS pixels (default 1280). */
  width?: number;
  /** CSS media to emulate: 'print' applies the page's print stylesheet (default: screen). */
  media?: 'screen' | 'print';
  timeoutMs?: number;
}

/**
 * Opens `url` in a fresh headless Chromium, waits for load, evaluates `expression` (awaiting it when
 * it is a promise), screenshots.
 */
export async function visitPage(binary: string, url: string, expression: string, options: VisitOptions = {}): Promise<PageVisit> {
  const { width = 1280, media = 'screen', timeoutMs = 60000 } = options;
  const profile = mkdtempSync(join(tmpdir(), 'reftbench-chromium-'));
  const child: ChildProcess = spawn(
    binary,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-extensions', '--hide-scrollbars', `--user-data-dir=${profile}`,
      '--remote-debugging-pipe', '--window-size=1280,2000',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const errors: string[] = [];
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const waiters: { method: string; resolve: () => void }[] = [];
  let buffer = '';
  output.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end)) as Message;
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) p?.reject(new Error(message.error.message));
        else p?.resolve(message);
        continue;
      }
      const params = message.params ?? {};
      if (message.method === 'Runtime.consoleAPICalled' && params.type === 'error') errors.push(`console.error: ${JSON.stringify(params.args)}`);
      if (message.method === 'Runtime.exceptionThrown') errors.push(`exception: ${JSON.stringify(params.exceptionDetails)}`);
      if (message.method === 'Log.entryAdded') {
        const entry = params.entry as { level?: string; text?: string } | undefined;
        if (entry?.level === 'error') errors.push(`log: ${entry.text ?? ''}`);
      }
      for (const w of waiters.filter((w) => w.method === message.method)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  let nextId = 1;
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Message> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const event = (method: string) => new Promise<void>((resolve) => waiters.push({ method, resolve }));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`chromium exited (code ${code}) before the page was checked; stderr tail:\n${stderr}`))),
  );
  try {
    const run = async (): Promise<PageVisit> => {
      const target = await send('Target.createTarget', { url: 'about:blank' });
      const attached = await send('Target.attachToTarget', { targetId: target.result!.targetId, flatten: true });
      const session = attached.result!.sessionId as string;
      await send('Runtime.enable', {}, session);
      await send('Log.enable', {}, session);
      await send('Page.enable', {}, session);
      await send('Emulation.setDeviceMetricsOverride', { width, height: 2000, deviceScaleFactor: 1, mobile: false }, session);
      await send('Emulation.setEmulatedMedia', { media }, session);
      const loaded = event('Page.loadEventFired');
      await send('Page.navigate', { url }, session);
      await loaded;
      const evaluated = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, session);
      const shot = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, session);
      return { errors, value: (evaluated.result!.result as { value?: unknown }).value, screenshot: Buffer.from(shot.result!.data as string, 'base64') };
    };
    return await Promise.race([run(), exited]);
  } finally {
    clearTimeout(timer);
    exited.catch(() => undefined);
    input.write(`${JSON.stringify({ id: nextId++, method: 'Browser.close', params: {} })}\0`);
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
    });
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Width and height of a PNG from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const signature = [0x89, 0x50, 0x4e, 0x47];
  if (!signature.every((b, i) => png[i] === b)) throw new Error('not a PNG');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

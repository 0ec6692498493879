// Opens a page in headless Chromium (Debian's /usr/bin/chromium) and drives it over the Chrome
// DevTools protocol on its websocket with Node's own WebSocket and fetch: console errors, uncaught
// exceptions and every network request the page makes are collected, the page can be evaluated and
// screenshotted. Node 20 has WebSocket behind --experimental-websocket (scripts/test.mjs passes it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.ts';

export const CHROMIUM = '/usr/bin/chromium';

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(error: Error): void;
}

export interface OpenedPage {
  /** console.error calls, uncaught exceptions and error-level log entries. */
  errors: string[];
  /** Every URL the page requested (the page itself included). */
  requests: string[];
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the page at this viewport width from `y` down, `height` tall (to the page's end when omitted). */
  screenshot(options?: { width?: number; height?: number; y?: number; dark?: boolean }): Promise<Buffer>;
  close(): Promise<void>;
}

async function devtoolsPort(userDataDir: string, child: ChildProcess): Promise<number> {
  const file = join(userDataDir, 'DevToolsActivePort');
  for (let waited = 0; waited < 30_000; waited += 50) {
    if (existsSync(file)) {
      const port = Number(readFileSync(file, 'utf8').split('\n')[0]);
      if (port > 0) return port;
    }
    if (child.exitCode !== null) throw new Error(`chromium exited with code ${child.exitCode} before listening`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('chromium did not open its DevTools port within 30 s');
}

/** Starts Chromium, opens `url` in a fresh tab and waits for its load event. */
export async function openInChromium(url: string): Promise<OpenedPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does)`);
  if (typeof WebSocket === 'undefined') throw new Error('this Node has no WebSocket: on Node 20 run with --experimental-websocket (npm test passes it)');
  const userDataDir = tempDir('ananke-chromium-');
  const child = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  try {
    const port = await devtoolsPort(userDataDir, child);
    const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as { webSocketDebuggerUrl: string };
    const socket = new WebSocket(version.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error("could not connect to chromium's DevTools websocket")), { once: true });
    });
    let seq = 0;
    const pending = new Map<number, Pending>();
    const listeners: Array<(method: string, params: Record<string, unknown>) => void> = [];
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
      };
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) p?.reject(new Error(message.error.message));
        else p?.resolve(message.result ?? {});
      } else if (message.method !== undefined) {
        for (const listener of listeners) listener(message.method, message.params ?? {});
      }
    });
    const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }));
      });
    const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const errors: string[] = [];
    const requests: string[] = [];
    let loaded: () => void = () => {};
    const load = new Promise<void>((r) => (loaded = r));
    listeners.push((method, params) => {
      if (method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'assert'))
        errors.push(`console.${String(params.type)}: ${JSON.stringify(params.args)}`);
      if (method === 'Runtime.exceptionThrown') errors.push(`exception: ${JSON.stringify(params.exceptionDetails)}`);
      if (method === 'Log.entryAdded' && (params.entry as { level: string }).level === 'error') errors.push(`log: ${(params.entry as { text: string }).text}`);
      if (method === 'Network.requestWillBeSent') requests.push((params.request as { url: string }).url);
      if (method === 'Page.loadEventFired') loaded();
    });
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await send(`${domain}.enable`, {}, sessionId);
    await send('Page.navigate', { url }, sessionId);
    await load;
    const evaluate = async <T>(expression: string): Promise<T> => {
      const result = (await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value: T }; exceptionDetails?: unknown };
      if (result.exceptionDetails !== undefined) throw new Error(`evaluating ${expression}: ${JSON.stringify(result.exceptionDetails)}`);
      return result.result.value;
    };
    return {
      errors,
      requests,
      evaluate,
      async screenshot(options = {}) {
        const width = options.width ?? 1280;
        await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: options.dark ? 'dark' : 'light' }] }, sessionId);
        await send('Emulation.setDeviceMetricsOverride', { width, height: 800, deviceScaleFactor: 1, mobile: false }, sessionId);
        const y = options.y ?? 0;
        const height = options.height ?? (await evaluate<number>('document.documentElement.scrollHeight')) - y;
        const shot = (await send(
          'Page.captureScreenshot',
          { format: 'png', captureBeyondViewport: true, clip: { x: 0, y, width, height, scale: 1 } },
          sessionId,
        )) as { data: string };
        return Buffer.from(shot.data, 'base64');
      },
      async close() {
        await send('Browser.close').catch(() => {});
        socket.close();
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr.slice(-2000)}`);
  }
}

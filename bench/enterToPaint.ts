import { demoStaff } from '../services/demo/demoStaff';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { relative } from 'node:path';
import { formatUid } from '../core/cards/cardNumber';
import { FEATURED_COUNT } from '../scripts/generate/build';
import { generatedCardUid, generatedMemberNo } from '../scripts/generate/ids';
import { seededRandom } from '../services/demo/random';
import { cleanUp, ensureBenchDatabase, intFlag, latestOutboxSeq, removeBenchWrites, specFromFlags, startInstant, type BenchDatabaseSpec } from './database';
import { metric, percentile, ROOT, type BenchResult, type Benchmark } from './lib';
import { ensureRendererBuilt, freePort, startPreviewHost } from './previewHost';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const TAP_TIMEOUT_MS = 5000;

// The page-side code runs in the browser; this file is type-checked without the DOM library
// (tsconfig.node.json), so the few browser globals used in page callbacks are declared here.
/** Times from the Enter keydown, ms: DOM showing the member, that frame painted, the API call. */
interface TapTimes {
  dom: number;
  paint: number;
  call: number | null;
}
interface PageProbe {
  result: Promise<TapTimes | null> | null;
  arm(memberNo: string, timeoutMs: number): void;
}
declare const window: { __enterToPaint: PageProbe };
declare const document: { querySelector(selector: string): { textContent: string | null } | null };
declare function requestIdleCallback(fn: () => void, options: { timeout: number }): number;

/**
 * Installed before the renderer's scripts, so its window capture-phase listener runs before the
 * renderer's own (document, capture phase) wedge decoder swallows the Enter. Each tap arms a
 * watch for the member number; a MutationObserver sees the DOM update that shows it, and rAF +
 * setTimeout(0) approximates the moment that frame has been painted. Plain JS source, not a
 * function: tsx would inject its helpers into a serialized function and break it in the page.
 */
const PROBE_SCRIPT = `(() => {
  let enterAt = null;
  const shows = (memberNo) => {
    if (!document.querySelector('[role="status"]')) return false;
    const panel = document.querySelector('.member-panel') || document.getElementById('root');
    return !!panel && (panel.textContent || '').includes(memberNo);
  };
  const probe = {
    result: null,
    arm(memberNo, timeoutMs) {
      enterAt = null;
      // Resource timings fill a 250-entry buffer and then stop: start each tap with it empty.
      performance.clearResourceTimings();
      probe.result = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const at = enterAt;
          if (at === null || !shows(memberNo)) return;
          observer.disconnect();
          clearTimeout(timer);
          const dom = performance.now() - at;
          const call = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/call') && e.startTime >= at);
          requestAnimationFrame(() => setTimeout(() => resolve({ dom, paint: performance.now() - at, call: call ? call.duration : null }), 0));
        });
        const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, timeoutMs);
        observer.observe(document, { subtree: true, childList: true, characterData: true });
      });
    },
  };
  window.addEventListener('keydown', (event) => {
    if (event.code === 'Enter' || event.code === 'NumpadEnter') enterAt = performance.now();
  }, { capture: true });
  Object.defineProperty(window, '__enterToPaint', { value: probe });
})();`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets the page go idle first (as the e2e tests do): a busy renderer stretches Playwright's key gaps. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 500 }));
  });
}

/**
 * Types like a keyboard-wedge reader through Chromium's input pipeline (CDP Input, what
 * Playwright's keyboard uses), digits ~5 ms apart, then Enter. Each key carries its send time as
 * its event timestamp, as a real reader's keys carry the OS's, and the keys are not awaited one
 * by one: on a busy machine Playwright's per-key round trips stretch the gaps past the wedge
 * decoder's 35 ms and the desk reads the tap as human typing.
 */
async function typeLikeReader(cdp: CDPSession, digits: string): Promise<void> {
  const sends: Promise<unknown>[] = [];
  const key = (type: 'keyDown' | 'keyUp', code: string, keyName: string, keyCode: number, text?: string) =>
    sends.push(
      cdp.send('Input.dispatchKeyEvent', {
        type, code, key: keyName, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode, ...(text ? { text, unmodifiedText: text } : {}),
        timestamp: Date.now() / 1000,
      }),
    );
  for (const ch of digits) {
    key('keyDown', `Digit${ch}`, ch, 48 + Number(ch), ch);
    key('keyUp', `Digit${ch}`, ch, 48 + Number(ch));
    await sleep(4 + Math.random() * 2);
  }
  key('keyDown', 'Enter', 'Enter', 13, '\r');
  key('keyUp', 'Enter', 'Enter', 13);
  await Promise.all(sends);
}

/** One reader tap; resolves with the page's Enter→paint times, or null if it never showed. */
async function tap(page: Page, cdp: CDPSession, digits: string, memberNo: string): Promise<TapTimes | null> {
  await settle(page);
  await page.evaluate(([no, timeout]) => window.__enterToPaint.arm(no, timeout), [memberNo, TAP_TIMEOUT_MS] as const);
  await typeLikeReader(cdp, digits);
  return page.evaluate(() => window.__enterToPaint.result);
}

/** Runs the taps against a preview host on `path`, then removes the visits they wrote. */
async function measureTaps(path: string, spec: BenchDatabaseSpec, taps: number, warmup: number): Promise<Omit<BenchResult, 'name' | 'date' | 'machine'>> {
  const probeDb = new Database(path, { readonly: true });
  const sinceSeq = latestOutboxSeq(probeDb);
  probeDb.close();

  const host = await startPreviewHost(path, await freePort(), startInstant(path));
  const samples: TapTimes[] = [];
  let missed = 0;
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.addInitScript({ content: PROBE_SCRIPT });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(host.url);
    // Ready for cards once desk info has loaded and the keyboard reader (its format) is listed.
    await page.getByText('悦动健身 · 静安寺店').first().waitFor({ timeout: 30_000 });
    // Reception signs in with the demo PIN (fill, not keys: six fast digits read as a card).
    const reception = demoStaff('reception');
    await page.getByText(new RegExp(`^${reception.name} · `)).click({ timeout: 30_000 });
    await page.getByLabel('PIN', { exact: true }).fill(reception.pin);
    await page.getByRole('navigation', { name: '功能' }).waitFor({ timeout: 30_000 });
    await page.getByRole('combobox', { name: /卡号格式|Card number format/ }).waitFor({ timeout: 30_000 });
    const rand = seededRandom(20_261_124);
    let done = 0;
    while (samples.length < taps) {
      // A different random member every tap: a realistic mix of panels and decisions.
      const index = FEATURED_COUNT + Math.floor(rand() * (spec.members - FEATURED_COUNT));
      const times = await tap(page, cdp, formatUid(generatedCardUid(index), 'dec10'), generatedMemberNo(index));
      done++;
      if (times !== null) {
        if (done > warmup) samples.push(times);
        continue;
      }
      missed++;
      const shown = await page.evaluate(() => document.querySelector('[role="status"]')?.textContent ?? '(no decision shown)');
      process.stderr.write(`[bench] tap ${done} (${generatedMemberNo(index)}) did not paint within ${TAP_TIMEOUT_MS} ms; desk shows: ${shown.slice(0, 80)}\n`);
      if (missed === done && missed >= 5) throw new Error(`none of the first ${missed} taps showed its member: is the renderer's member panel built (npm run build)?`);
      if (missed > taps * 0.1) throw new Error(`${missed} taps did not paint their member (${samples.length} did): the figures would not mean much`);
    }
    await page.close();
  } finally {
    await browser?.close();
    await host.stop();
    cleanUp(() => {
      const db = new Database(path);
      try {
        removeBenchWrites(db, sinceSeq);
      } finally {
        db.close();
      }
    });
  }
  const paint = samples.map((t) => t.paint);
  const calls = samples.flatMap((t) => (t.call === null ? [] : [t.call]));
  return {
    params: { members: spec.members, visits: spec.visits, taps, warmup, missed, format: 'dec10', database: relative(ROOT, path), browser: 'Debian Chromium (headless)' },
    metrics: {
      enter_to_paint_p50_ms: metric(percentile(paint, 50), 'ms'),
      enter_to_paint_p95_ms: metric(percentile(paint, 95), 'ms', 50),
      enter_to_paint_p99_ms: metric(percentile(paint, 99), 'ms'),
      // Where the time goes (context, no targets): Enter → DOM shows the member, and the
      // check-in HTTP call to the preview host inside that.
      enter_to_dom_p50_ms: metric(percentile(samples.map((t) => t.dom), 50), 'ms'),
      ...(calls.length > 0 ? { api_call_p50_ms: metric(percentile(calls, 50), 'ms') } : {}),
    },
  };
}

const enterToPaint: Benchmark = {
  name: 'enter-to-paint',
  description: 'reader Enter → member panel painted, the real renderer in Chromium over the preview host on the benchmark database',
  async run({ flags }) {
    const spec = specFromFlags(flags);
    const taps = intFlag(flags, 'taps', 200);
    const warmup = intFlag(flags, 'warmup', 10, 0);
    ensureRendererBuilt();
    const { path, release } = await ensureBenchDatabase(spec);
    try {
      return await measureTaps(path, spec, taps, warmup);
    } finally {
      release();
    }
  },
};

export default enterToPaint;

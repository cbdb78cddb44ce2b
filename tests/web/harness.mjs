// The browser tests' harness: a minimal static server for the built app, Debian's Chromium
// driven by puppeteer-core, and a phone-like page with helpers that find the app's widgets by id
// (the layout audit, ?test=1) and tap them as a finger would (touch events through DevTools).
//
// Chromium runs headless with SwiftShader for WebGL2 (a container has no GPU) and, as root,
// without its sandbox. Each test gets its own user-data folder: the browser's IndexedDB lives
// there, so a test can kill the browser and start it again on the same storage.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import puppeteer from 'puppeteer-core';

export const CHROMIUM = process.env.TALKOO_CHROMIUM || '/usr/bin/chromium';
export const APP_DIR = process.env.TALKOO_WEB_APP;

// The four sizes the issue names: two phones, a tablet upright and on its side.
export const SIZES = [
    { name: 'phone-360x740', width: 360, height: 740, dpr: 3 },
    { name: 'phone-390x844', width: 390, height: 844, dpr: 3 },
    { name: 'tablet-768x1024', width: 768, height: 1024, dpr: 2 },
    { name: 'tablet-1024x768', width: 1024, height: 768, dpr: 2 },
];

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.wasm': 'application/wasm',
    '.data': 'application/octet-stream',
    '.json': 'application/json',
    '.png': 'image/png',
};

// Serves `root` on a loopback port (a free one unless given): GET and HEAD of files, nothing else.
export async function serve(root, port = 0) {
    const server = createServer((req, res) => {
        const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
        const file = join(root, path.endsWith('/') ? path + 'index.html' : path);
        let size = -1;
        try {
            if (!file.startsWith(root)) throw new Error('outside');
            size = statSync(file).isFile() ? statSync(file).size : -1;
        } catch {
            size = -1;
        }
        if (size < 0 || (req.method !== 'GET' && req.method !== 'HEAD')) {
            res.writeHead(404, { 'Content-Type': 'text/plain' });
            res.end('not found');
            return;
        }
        res.writeHead(200, {
            'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
            'Content-Length': size,
            'Cache-Control': 'no-store',
        });
        if (req.method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
    });
    await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
    const bound = server.address().port;
    return { url: `http://127.0.0.1:${bound}/`, close: () => new Promise((ok) => server.close(ok)) };
}

export function tempProfile() {
    return mkdtempSync(join(tmpdir(), 'talkoo-web-'));
}

export function removeProfile(dir) {
    rmSync(dir, { recursive: true, force: true });
}

const ARGS = [
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-features=Translate,MediaRouter',
    '--mute-audio',
];

export async function launch(profile, extraArgs = []) {
    const args = [...ARGS, ...extraArgs];
    if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
    return puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        userDataDir: profile,
        args,
        protocolTimeout: 60000,
    });
}

// A page emulating a phone or tablet (viewport, device pixel ratio, touch), opened on the app.
// Resolves once the app has drawn its first frame. `query` adds to the address (lang=sv...).
export async function openApp(browser, url, size, query = '', { beforeLoad } = {}) {
    const page = await browser.newPage();
    page.talkooLog = [];
    page.on('console', (m) => page.talkooLog.push(m.text()));
    page.on('pageerror', (e) => page.talkooLog.push('pageerror: ' + e.message));
    await page.setViewport({
        width: size.width,
        height: size.height,
        deviceScaleFactor: size.dpr,
        isMobile: true,
        hasTouch: true,
        isLandscape: size.width > size.height,
    });
    if (beforeLoad) await beforeLoad(page);
    await page.goto(`${url}?test=1${query ? '&' + query : ''}`, { waitUntil: 'load' });
    await page.waitForFunction(
        () => document.body.classList.contains('talkoo-ready') ||
            document.body.classList.contains('talkoo-failed'),
        { timeout: 30000 });
    const failed = await page.evaluate(() => document.body.classList.contains('talkoo-failed'));
    if (failed) throw new Error('the app did not start: ' + page.talkooLog.join('\n'));
    await page.waitForFunction(() => Module.ccall('talkoo_test_screen', 'string', [], []) !== '');
    await settle(page);
    return page;
}

// Waits until the app has drawn what the last input changed (two animation frames).
export async function settle(page) {
    await page.evaluate(() => new Promise((ok) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 30)))));
}

export async function screen(page) {
    return page.evaluate(() => Module.ccall('talkoo_test_screen', 'string', [], []));
}

export async function formError(page) {
    return page.evaluate(() => Module.ccall('talkoo_test_form_error', 'string', [], []));
}

export async function outbox(page) {
    const s = await page.evaluate(() => Module.ccall('talkoo_test_outbox', 'string', [], []));
    const pending = Number(/pending=(\d+)/.exec(s)[1]);
    return { pending, device: /device=(\S*)/.exec(s)[1] };
}

export async function statusLine(page) {
    return page.evaluate(() => Module.ccall('talkoo_test_status', 'string', [], []));
}

// The widget's rectangle and the part of the screen it shows in (CSS pixels), or null when it
// was not drawn in the last frame.
export async function widget(page, id) {
    return page.evaluate((id) => {
        const out = Module._malloc(32);
        const found = Module.ccall('talkoo_test_widget', 'number', ['string', 'number'], [id, out]);
        const r = found ? Array.from(new Float32Array(Module.HEAPF32.buffer, out, 8)) : null;
        Module._free(out);
        if (!r) return null;
        const x0 = Math.max(r[0], r[4]), y0 = Math.max(r[1], r[5]);
        const x1 = Math.min(r[0] + r[2], r[4] + r[6]), y1 = Math.min(r[1] + r[3], r[5] + r[7]);
        return { x: r[0], y: r[1], w: r[2], h: r[3],
                 visible: x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null,
                 clip: { x: r[4], y: r[5], w: r[6], h: r[7] } };
    }, id);
}

export async function widgetIds(page, prefix) {
    const s = await page.evaluate((p) =>
        Module.ccall('talkoo_test_widget_ids', 'string', ['string'], [p]), prefix);
    return s.split('\n').filter((x) => x);
}

export async function frames(page) {
    return page.evaluate(() => Module.ccall('talkoo_test_frames', 'number', [], []));
}

export async function waitForWidget(page, id, timeout = 10000) {
    const until = Date.now() + timeout;
    for (;;) {
        const r = await widget(page, id);
        if (r) return r;
        if (Date.now() > until) throw new Error(`no widget "${id}" on screen (${await screen(page)})`);
        await new Promise((ok) => setTimeout(ok, 50));
    }
}

export async function waitForScreen(page, name, timeout = 10000) {
    const until = Date.now() + timeout;
    for (;;) {
        const s = await screen(page);
        if (s === name) return;
        if (Date.now() > until) throw new Error(`screen is "${s}", not "${name}"`);
        await new Promise((ok) => setTimeout(ok, 50));
    }
}

// A finger's tap in the middle of the widget. A widget scrolled out of its list is first
// brought into view by dragging the list, as a person would.
export async function tap(page, id) {
    const r = await reveal(page, id);
    // The app takes no tap that begins within 0.5 s of what is under the finger changing (the
    // tap guard against double taps, app/kiosk_app.hpp): a person never taps that soon on
    // purpose, and neither does this finger.
    await new Promise((ok) => setTimeout(ok, 550));
    await page.touchscreen.tap(r.visible.x + r.visible.w / 2, r.visible.y + r.visible.h / 2);
    await settle(page);
}

// Drags the widget's list until the widget shows; returns its rectangles.
export async function reveal(page, id) {
    let r = await waitForWidget(page, id);
    for (let i = 0; i < 12 && (!r.visible || r.visible.h < Math.min(r.h, 40)); ++i) {
        const c = r.clip;
        const middle = c.y + c.h / 2;
        const want = Math.max(-c.h * 0.6, Math.min(c.h * 0.6, middle - (r.y + r.h / 2)));
        await swipe(page, c.x + c.w / 2, middle - want / 2, 0, want);
        await new Promise((ok) => setTimeout(ok, 400));  // the list's inertia settles
        r = await waitForWidget(page, id);
    }
    if (!r.visible) throw new Error(`widget "${id}" stays out of view`);
    return r;
}

// A finger's swipe from (x, y) by (dx, dy), in steps, as a person drags a list.
export async function swipe(page, x, y, dx, dy, steps = 8) {
    const cdp = await page.createCDPSession();
    const point = (px, py) => [{ x: px, y: py, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(x, y) });
    for (let i = 1; i <= steps; ++i) {
        await cdp.send('Input.dispatchTouchEvent',
            { type: 'touchMove', touchPoints: point(x + dx * i / steps, y + dy * i / steps) });
        await new Promise((ok) => setTimeout(ok, 16));
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await settle(page);
}

// The browser process, killed the hard way (a phone's OS ending it, a power cut's equivalent).
export function killBrowser(browser) {
    const proc = browser.process();
    proc.kill('SIGKILL');
    return new Promise((ok) => proc.once('exit', ok));
}

// Runs `body`, a test, with the app served; reports and exits like a CTest test should.
export async function runTest(name, body) {
    if (!APP_DIR) {
        console.error('TALKOO_WEB_APP must name the built app folder (build-web/app)');
        process.exit(2);
    }
    const server = await serve(APP_DIR);
    const started = Date.now();
    let failed = null;
    try {
        await body(server.url);
    } catch (e) {
        failed = e;
    } finally {
        await server.close();
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (failed) {
        console.error(`FAIL ${name} (${seconds} s): ${failed.stack || failed}`);
        process.exit(1);
    }
    console.log(`ok ${name} (${seconds} s)`);
    process.exit(0);
}

export function check(condition, message) {
    if (!condition) throw new Error(message);
}


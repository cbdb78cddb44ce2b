// bench-web: the web app in headless Chromium (SwiftShader's WebGL2, as in the tests), served on
// loopback. Prints, for docs/benchmarks.md:
//   - what a first visit downloads: raw and with brotli (as a server would send it), the program
//     (HTML, JavaScript, wasm) and the data (translations, demo catalogue, fonts) apart;
//   - navigation start to the first frame on a first visit, over plain loopback and under
//     Lighthouse's "slow 4G" (150 ms round trip, 1.6 Mbit/s down), and on a second visit (the
//     browser's HTTP cache; there is no service worker yet);
//   - tap on "Send" to the thank-you screen (the write confirmed by IndexedDB), polled;
//   - the page's memory (JS heap, the wasm heap, the renderer's resident memory);
//   - the CPU of an idle page over 10 s on the browse screen: the page's own main-thread work
//     (DevTools' TaskDuration) and every Chromium process together (/proc), against a blank page.
//
//   node bench/web/web_bench.mjs [RUNS]      (TALKOO_WEB_APP: the built app, build-web/app)
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import * as h from '../../tests/web/harness.mjs';
import { openForm, typeInto } from '../../tests/web/flows.mjs';

const app = process.env.TALKOO_WEB_APP || 'build-web/app';
const runs = Number(process.argv[2] || 5);
const kib = (n) => (n / 1024).toFixed(0) + ' KiB';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function sizes() {
    const program = { raw: 0, br: 0 }, data = { raw: 0, br: 0 };
    for (const f of readdirSync(app)) {
        const bytes = readFileSync(join(app, f));
        const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
        const into = f.endsWith('.data') ? data : program;
        into.raw += bytes.length;
        into.br += br.length;
        console.log(`  ${f.padEnd(12)} ${kib(bytes.length).padStart(9)} raw ${kib(br.length).padStart(9)} brotli`);
    }
    console.log(`first visit: program (html, js, wasm) ${kib(program.raw)} raw, ${kib(program.br)} ` +
                `brotli; data (translations, catalogue, fonts) ${kib(data.raw)} raw, ${kib(data.br)} brotli`);
}

async function firstFrame(page) {
    await page.waitForFunction(() => performance.getEntriesByName('talkoo-first-frame').length > 0,
                               { timeout: 60000 });
    return page.evaluate(() => performance.getEntriesByName('talkoo-first-frame')[0].startTime);
}

async function visit(browser, url, throttle) {
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    const cdp = await page.createCDPSession();
    if (throttle) {
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150,
            downloadThroughput: 1.6 * 1024 * 1024 / 8, uploadThroughput: 750 * 1024 / 8 });
    }
    await page.goto(url + '?lang=fi', { waitUntil: 'load', timeout: 120000 });
    const ms = await firstFrame(page);
    return { page, ms };
}

// CPU seconds of every process whose parent chain leads to `root`.
function treeCpu(root) {
    const hz = 100;
    let total = 0;
    const children = new Map();
    for (const d of readdirSync('/proc')) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
            const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            const ppid = Number(f[1]);
            if (!children.has(ppid)) children.set(ppid, []);
            children.get(ppid).push({ pid: Number(d), cpu: (Number(f[11]) + Number(f[12])) / hz });
        } catch { /* gone */ }
    }
    const walk = (pid) => {
        for (const c of children.get(pid) || []) { total += c.cpu; walk(c.pid); }
    };
    walk(root);
    return total;
}

async function idle(browser, page, label) {
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    const task = async () => (await cdp.send('Performance.getMetrics')).metrics
        .find((m) => m.name === 'TaskDuration').value;
    await new Promise((ok) => setTimeout(ok, 2000));
    const t0 = await task(), c0 = treeCpu(browser.process().pid);
    await new Promise((ok) => setTimeout(ok, 10000));
    const t1 = await task(), c1 = treeCpu(browser.process().pid);
    console.log(`idle ${label.padEnd(28)} page main thread ${((t1 - t0) / 10 * 100).toFixed(2)}% ` +
                `of a core; all Chromium processes ${((c1 - c0) / 10 * 100).toFixed(2)}%`);
}

const server = await h.serve(app);
const url = server.url;
console.log(`machine: ${cpus().length} cores, ${cpus()[0].model.trim()}; Chromium headless, SwiftShader`);
sizes();

for (const throttle of [false, true]) {
    const cold = [], warm = [];
    for (let i = 0; i < (throttle ? Math.min(runs, 3) : runs); ++i) {
        const profile = h.tempProfile();
        const browser = await h.launch(profile);
        const first = await visit(browser, url, throttle);
        cold.push(first.ms);
        await first.page.close();
        const second = await visit(browser, url, throttle);
        warm.push(second.ms);
        await browser.close();
        h.removeProfile(profile);
    }
    const what = throttle ? 'slow 4G (150 ms, 1.6 Mbit/s)' : 'loopback';
    console.log(`first frame, ${what}: first visit median ${median(cold).toFixed(0)} ms ` +
                `(${cold.map((x) => x.toFixed(0)).join(', ')}); second visit median ` +
                `${median(warm).toFixed(0)} ms (${warm.map((x) => x.toFixed(0)).join(', ')})`);
}

{
    const profile = h.tempProfile();
    const browser = await h.launch(profile);
    const sends = [], writes = [], frameMs = [];
    for (let i = 0; i < runs; ++i) {
        const page = await h.openApp(browser, url, h.SIZES[1], 'lang=fi');
        await openForm(page);
        await typeInto(page, 'form.name', 'Anna Virtanen');
        await typeInto(page, 'form.phone', '040 123 4567');
        await h.tap(page, 'form.consent');
        const send = (await h.reveal(page, 'form.send')).visible;
        const t0 = Date.now();
        await page.touchscreen.tap(send.x + send.w / 2, send.y + send.h / 2);
        while ((await h.screen(page)) !== 'thanks') await new Promise((ok) => setTimeout(ok, 2));
        sends.push(Date.now() - t0);
        writes.push(await page.evaluate(() => Module.ccall('talkoo_test_write_ms', 'number', [], [])));
        frameMs.push(await page.evaluate(() => Module.ccall('talkoo_test_frame_ms', 'number', [], [])));
        await page.close();
    }
    console.log(`tap on Send to the thank-you screen (IndexedDB confirmed; polled, +-20 ms): median ` +
                `${median(sends)} ms (${sends.join(', ')}); of which the IndexedDB write median ` +
                `${median(writes).toFixed(1)} ms; a frame takes ${median(frameMs).toFixed(0)} ms to draw ` +
                `at 1170x2532 in SwiftShader (a phone's GPU: a few ms), and a tap draws several`);

    const page = await h.openApp(browser, url, h.SIZES[1], 'lang=fi');
    await h.tap(page, 'attract.start');
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    const wasm = await page.evaluate(() => Module.HEAP8.length);
    console.log(`memory on the browse screen: JS heap ${kib(m.JSHeapUsedSize)}, wasm heap ${kib(wasm)}`);
    await idle(browser, page, 'browse screen (talkoo)');
    const blank = await browser.newPage();
    await blank.goto('about:blank');
    await page.close();
    await idle(browser, blank, 'about:blank (the floor)');
    await browser.close();
    h.removeProfile(profile);
}
await server.close();

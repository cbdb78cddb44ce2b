// Idle means idle in the browser too: left alone on the browse screen (nothing moves there) the
// page draws no frame, and neither an animation frame nor a timer keeps running; a touch draws
// again at once.
import * as h from './harness.mjs';

h.runTest('an idle page draws no frames', async (url) => {
    const profile = h.tempProfile();
    const browser = await h.launch(profile);
    try {
        // Counts every animation frame and timer the page asks for.
        const page = await h.openApp(browser, url, h.SIZES[1], 'lang=fi', {
            beforeLoad: (p) => p.evaluateOnNewDocument(() => {
                window.talkooWaits = 0;
                for (const name of ['requestAnimationFrame', 'setTimeout', 'setInterval']) {
                    const original = window[name];
                    window[name] = function (...args) {
                        window.talkooWaits++;
                        return original.apply(this, args);
                    };
                }
            }),
        });
        await h.tap(page, 'attract.start');
        await h.waitForScreen(page, 'browse');
        await new Promise((ok) => setTimeout(ok, 1500));  // any scrolling or fading settles
        const before = await h.frames(page);
        const waitsBefore = await page.evaluate(() => window.talkooWaits);
        await new Promise((ok) => setTimeout(ok, 3000));
        const waits = (await page.evaluate(() => window.talkooWaits)) - waitsBefore;
        const after = await h.frames(page);
        h.check(after === before, `an idle page drew ${after - before} frames in 3 s`);
        h.check(waits === 0, `an idle page asked for ${waits} animation frames or timers in 3 s`);
        await h.tap(page, 'lang.sv');
        h.check((await h.frames(page)) > after, 'a tap drew no frame');
    } finally {
        await browser.close();
        h.removeProfile(profile);
    }
});

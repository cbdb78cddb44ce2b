// Idle means idle in the browser too: left alone on the browse screen (nothing moves there) the
// page draws no frame, and neither an animation frame nor a timer keeps running; a touch draws
// again at once.
import * as h from './harness.mjs';

h.runTest('an idle page draws no frames', async (url) => {
    const profile = h.tempProfile();
    const browser = await h.launch(profile);
    try {
        const page = await h.openApp(browser, url, h.SIZES[1], 'lang=fi');
        await h.tap(page, 'attract.start');
        await h.waitForScreen(page, 'browse');
        await new Promise((ok) => setTimeout(ok, 1500));  // any scrolling or fading settles
        const before = await h.frames(page);
        await new Promise((ok) => setTimeout(ok, 3000));
        const after = await h.frames(page);
        h.check(after === before, `an idle page drew ${after - before} frames in 3 s`);
        await h.tap(page, 'lang.sv');
        h.check((await h.frames(page)) > after, 'a tap drew no frame');
    } finally {
        await browser.close();
        h.removeProfile(profile);
    }
});

// The web app starts and draws at the four phone and tablet sizes, crisp at the device pixel
// ratio, follows a rotation, and a visitor can start browsing by a tap. Writes a screenshot of
// the attract and browse screens at each size to TALKOO_WEB_SCREENS (if set), to look at.
import { join } from 'node:path';
import * as h from './harness.mjs';
import { visibleCards } from './flows.mjs';

const shots = process.env.TALKOO_WEB_SCREENS;

h.runTest('the app starts and draws at 360x740, 390x844, 768x1024 and 1024x768', async (url) => {
    const profile = h.tempProfile();
    const browser = await h.launch(profile);
    try {
        for (const size of h.SIZES) {
            const page = await h.openApp(browser, url, size, 'lang=fi');
            const canvas = await page.evaluate(() => {
                const c = document.getElementById('canvas');
                return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight };
            });
            h.check(canvas.cssW === size.width && canvas.cssH === size.height,
                `${size.name}: the canvas is ${canvas.cssW}x${canvas.cssH} CSS pixels`);
            h.check(canvas.w === size.width * size.dpr && canvas.h === size.height * size.dpr,
                `${size.name}: the canvas has ${canvas.w}x${canvas.h} pixels, not the device's`);
            h.check((await h.screen(page)) === 'attract', `${size.name}: does not start on attract`);
            if (shots) await page.screenshot({ path: join(shots, `${size.name}-attract.png`) });
            await h.tap(page, 'attract.start');
            await h.waitForScreen(page, 'browse');
            if (shots) await page.screenshot({ path: join(shots, `${size.name}-browse.png`) });
            const cards = await visibleCards(page);
            h.check(cards.length > 0, `${size.name}: the browse screen shows no tasks`);
            await page.close();
        }
        // Rotation: the phone turned on its side lays the screen out again at the new size.
        const phone = h.SIZES[1];
        const page = await h.openApp(browser, url, phone, 'lang=en');
        await h.tap(page, 'attract.start');
        const upright = await h.waitForWidget(page, 'back');
        await page.setViewport({ width: phone.height, height: phone.width,
            deviceScaleFactor: phone.dpr, isMobile: true, hasTouch: true, isLandscape: true });
        await new Promise((ok) => setTimeout(ok, 300));
        await h.settle(page);
        const canvas = await page.evaluate(() => [document.getElementById('canvas').width,
                                                  document.getElementById('canvas').height]);
        h.check(canvas[0] === phone.height * phone.dpr && canvas[1] === phone.width * phone.dpr,
            `after rotating, the canvas is ${canvas}`);
        const cards = await visibleCards(page);
        h.check(cards.length > 0, 'after rotating, the browse screen shows no tasks');
        const sideways = await h.widgetIds(page, 'lang.');
        h.check(sideways.length === 3, 'after rotating, the language switch is gone');
        h.check(upright, 'the back button was not drawn upright');
        if (shots) await page.screenshot({ path: join(shots, 'phone-844x390-browse.png') });
    } finally {
        await browser.close();
        h.removeProfile(profile);
    }
});

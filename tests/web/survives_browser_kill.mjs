// A signup whose thank-you screen showed is kept when the browser is killed at once (SIGKILL,
// as a phone's system ends a browser or the battery dies): started again on the same profile,
// the app's store holds it, once.
import * as h from './harness.mjs';
import { fillAndSend, openForm } from './flows.mjs';

h.runTest('a signup thanked before the browser is killed survives a restart', async (url) => {
    const profile = h.tempProfile();
    try {
        let browser = await h.launch(profile);
        let page = await h.openApp(browser, url, h.SIZES[1], 'lang=sv');
        const device = (await h.outbox(page)).device;
        await openForm(page);
        await fillAndSend(page, { name: 'Erik Lind', phone: '050 765 4321' });
        await h.waitForScreen(page, 'thanks');
        await h.killBrowser(browser);

        browser = await h.launch(profile);
        page = await h.openApp(browser, url, h.SIZES[1], 'lang=sv');
        const o = await h.outbox(page);
        h.check(o.device === device, 'the store after the restart is another device\'s');
        h.check(o.pending === 1, `after the restart the store holds ${o.pending} signups, not 1`);
        await browser.close();
    } finally {
        h.removeProfile(profile);
    }
});

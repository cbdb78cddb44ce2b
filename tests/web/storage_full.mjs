// A browser whose storage for the site is full (a quota far below the store's size, set through
// DevTools as a full phone would leave it): the app notices when its first write is refused,
// the form says a signup cannot be kept, and a send never thanks nor leaves a signup behind.
import * as h from './harness.mjs';
import { fillAndSend, openForm } from './flows.mjs';

h.runTest('a browser whose storage is full says so and never thanks', async (url) => {
    const profile = h.tempProfile();
    const browser = await h.launch(profile);
    try {
        const page = await h.openApp(browser, url, h.SIZES[0], 'lang=fi', {
            beforeLoad: async (p) => {
                const cdp = await p.createCDPSession();
                await cdp.send('Storage.overrideQuotaForOrigin',
                               { origin: new URL(url).origin, quotaSize: 16 * 1024 });
            },
        });
        await openForm(page);
        h.check((await h.formError(page)) === 'form.error.no_storage',
            `the form shows "${await h.formError(page)}", not the no-storage message`);
        await fillAndSend(page);
        await new Promise((ok) => setTimeout(ok, 1000));
        h.check((await h.screen(page)) === 'form', `after sending: ${await h.screen(page)}`);
        h.check((await h.formError(page)) === 'form.error.no_storage',
            `after sending the form shows "${await h.formError(page)}"`);
        h.check((await h.outbox(page)).pending === 0, 'a signup that was not kept is in the store');
    } finally {
        await browser.close();
        h.removeProfile(profile);
    }
});

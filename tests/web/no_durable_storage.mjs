// A browser that can keep nothing (no IndexedDB, as in some private modes): the app still
// browses, the form says before anything is typed that a signup cannot be kept here, and a
// send never shows "thank you" nor leaves a signup behind.
import * as h from './harness.mjs';
import { fillAndSend, openForm } from './flows.mjs';

h.runTest('a browser that can keep nothing says so and never thanks', async (url) => {
    const profile = h.tempProfile();
    const browser = await h.launch(profile);
    try {
        const page = await h.openApp(browser, url, h.SIZES[1], 'lang=en', {
            beforeLoad: (p) => p.evaluateOnNewDocument(() => {
                Object.defineProperty(window, 'indexedDB', { value: undefined });
            }),
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
        if (process.env.TALKOO_WEB_SCREENS)
            await page.screenshot({ path: `${process.env.TALKOO_WEB_SCREENS}/no-storage-form.png` });
    } finally {
        await browser.close();
        h.removeProfile(profile);
    }
});

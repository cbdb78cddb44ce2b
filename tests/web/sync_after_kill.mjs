// Exactly once through a crash and a lost network: a visitor is thanked while the centre cannot
// be reached (its signup calls fail as with no network), the browser is killed at once
// (SIGKILL); started again on the same storage, still without the centre, the signup waits on
// the phone; when the network comes back (the browser's "online" event) it reaches the centre,
// once, and leaves the phone.
import * as h from './harness.mjs';
import { eventually, startCentre } from './centre.mjs';
import { fillAndSend, openForm } from './flows.mjs';

const POINT = 'demo-ip-rauma-library';

// Fails the page's signup calls as a missing network does, while `cut.on`.
async function cuttable(page, cut) {
    await page.setRequestInterception(true);
    page.on('request', (r) => {
        if (cut.on && r.url().includes('/v1/public/signups')) r.abort('internetdisconnected');
        else r.continue();
    });
}

h.runTest('a signup thanked offline and killed reaches the centre once when online', async () => {
    const centre = await startCentre();
    const profile = h.tempProfile();
    const cut = { on: true };
    try {
        let browser = await h.launch(profile);
        let page = await h.openApp(browser, centre.appUrl, h.SIZES[0], `lang=sv&point=${POINT}`,
            { beforeLoad: (p) => cuttable(p, cut) });
        await openForm(page);
        await fillAndSend(page, { name: 'Elsa Lind', phone: '050 111 2233' });
        await h.waitForScreen(page, 'thanks');
        await h.killBrowser(browser);

        browser = await h.launch(profile);
        page = await h.openApp(browser, centre.appUrl, h.SIZES[0], `lang=sv&point=${POINT}`,
            { beforeLoad: (p) => cuttable(p, cut) });
        // Its first pass fails on the signups (the catalogue still comes).
        await new Promise((ok) => setTimeout(ok, 2000));
        h.check((await h.outbox(page)).pending === 1,
            'after the restart the thanked signup is not waiting on the phone');
        h.check((await centre.signups()).length === 0, 'the signup passed a cut network');

        cut.on = false;
        await page.evaluate(() => window.dispatchEvent(new Event('online')));
        await eventually(async () => (await centre.signups()).length === 1,
            'the signup did not reach the centre once online');
        await eventually(async () => (await h.outbox(page)).pending === 0,
            'the delivered signup still waits on the phone');
        const [s] = await centre.signups();
        h.check(s.device_id === 'web' && s.info_point_id === POINT, 'not marked web with its stand');
        await new Promise((ok) => setTimeout(ok, 1000));
        h.check((await centre.signups()).length === 1, 'the signup arrived twice');
        await browser.close();
    } finally {
        h.removeProfile(profile);
        await centre.stop();
    }
});

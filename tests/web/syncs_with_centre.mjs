// The web app served by the real talkoo-central at /app/ syncs with it over fetch, through the
// public channel for phones: a visitor who opened the stand's link (?point=) signs up by taps;
// the signup reaches the centre once, marked "web" with the stand; the phone keeps no personal
// data of it afterwards; reloading the app (a new start, the same browser storage) sends
// nothing again.
import * as h from './harness.mjs';
import { eventually, startCentre } from './centre.mjs';
import { fillAndSend, openForm } from './flows.mjs';

const POINT = 'demo-ip-pori-library';

h.runTest('a phone signup reaches the centre once, marked web, with its stand', async () => {
    const centre = await startCentre();
    const profile = h.tempProfile();
    const browser = await h.launch(profile);
    try {
        let page = await h.openApp(browser, centre.appUrl, h.SIZES[1], `lang=fi&point=${POINT}`);
        await openForm(page);
        await fillAndSend(page, { name: 'Aino Mäkelä', phone: '040 765 4321' });
        await h.waitForScreen(page, 'thanks');
        await eventually(async () => (await centre.signups()).length === 1,
            'the signup did not reach the centre: ' + centre.log());
        const [s] = await centre.signups();
        h.check(s.device_id === 'web', `the signup came as device ${s.device_id}, not web`);
        h.check(s.info_point_id === POINT, `the signup's stand is ${s.info_point_id}`);
        h.check(s.name === 'Aino Mäkelä', 'the centre could not open the sealed name');
        await eventually(async () => (await h.outbox(page)).pending === 0,
            'the app still counts the signup as waiting');
        // The URL carries no personal data, and the address bar never did.
        h.check(!page.url().includes('Aino') && !page.url().includes('765'),
            'personal data in the page address');

        // A new start on the same storage: the signup is acknowledged there, nothing is resent.
        await page.close();
        page = await h.openApp(browser, centre.appUrl, h.SIZES[1], `lang=fi&point=${POINT}`);
        await new Promise((ok) => setTimeout(ok, 1500));
        h.check((await centre.signups()).length === 1, 'the signup arrived twice');
        h.check((await h.outbox(page)).pending === 0, 'after a restart the signup waits again');
    } finally {
        await browser.close();
        h.removeProfile(profile);
        await centre.stop();
    }
});

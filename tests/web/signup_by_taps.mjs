// A visitor on a phone: browses, opens a task, and signs up by taps, typing with the phone's own
// keyboard (the page's text field, a telephone keypad for the number); "thank you" shows only
// after the browser's storage has confirmed the write, and the store holds exactly one signup.
import * as h from './harness.mjs';
import { fillAndSend, openForm } from './flows.mjs';

h.runTest('a visitor signs up by taps with the phone keyboard', async (url) => {
    const profile = h.tempProfile();
    const browser = await h.launch(profile);
    try {
        const page = await h.openApp(browser, url, h.SIZES[0], 'lang=fi');
        // Scrolling by touch: a swipe up on the list moves it.
        await h.tap(page, 'attract.start');
        await h.waitForScreen(page, 'browse');
        const before = await h.widgetIds(page, 'card.');
        const first = await h.widget(page, before[0]);
        await h.swipe(page, first.clip.x + first.clip.w / 2, first.clip.y + first.clip.h * 0.8, 0,
                      -first.clip.h * 0.6);
        await new Promise((ok) => setTimeout(ok, 600));
        const moved = await h.widget(page, before[0]);
        h.check(!moved || moved.y < first.y - 50, 'a swipe did not scroll the task list');

        await openForm(page);
        h.check((await h.widget(page, 'key.done')) === null,
            'the kiosk\'s on-screen keyboard shows in the browser');
        const kinds = await fillAndSend(page, { name: 'Åsa Öberg-Mäki', phone: '040 123 4567' });
        h.check(kinds.name.type === 'text', `the name field asked for a ${kinds.name.type} keyboard`);
        h.check(kinds.phone.type === 'tel', `the phone field asked for a ${kinds.phone.type} keyboard`);
        await h.waitForScreen(page, 'thanks');
        const o = await h.outbox(page);
        h.check(o.pending === 1, `the store holds ${o.pending} signups, not 1`);
        h.check(!(await page.evaluate(() => document.getElementById('talkoo-text').value)),
            'the page\'s text field still holds what was typed');
        await h.tap(page, 'thanks.done');
        await h.waitForScreen(page, 'attract');
    } finally {
        await browser.close();
        h.removeProfile(profile);
    }
});

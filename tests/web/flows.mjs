// What a visitor does in the browser tests, step by step through the real screens: the same
// taps a person makes, typing through the page's text field as a phone's keyboard does.
import * as h from './harness.mjs';

// From wherever the app starts to the form for the first task of the list.
export async function openForm(page) {
    if ((await h.screen(page)) === 'attract') await h.tap(page, 'attract.start');
    await h.waitForScreen(page, 'browse');
    const cards = await visibleCards(page);
    h.check(cards.length > 0, 'the browse screen shows no task cards');
    await h.tap(page, cards[0]);
    await h.waitForScreen(page, 'task');
    await h.tap(page, 'task.interested');
    await h.waitForScreen(page, 'form');
}

// The task cards on screen; on a tablet the category tiles come first, so the list is dragged
// up until cards show, as a visitor would.
export async function visibleCards(page) {
    for (let i = 0; i < 6; ++i) {
        const cards = await h.widgetIds(page, 'card.');
        if (cards.length > 0) return cards;
        const search = await h.waitForWidget(page, 'search');
        const vh = await page.evaluate(() => innerHeight);
        const from = vh * 0.8;
        await h.swipe(page, search.x + search.w / 2, from, 0, -(from - search.y - search.h) * 0.8);
        await new Promise((ok) => setTimeout(ok, 500));
    }
    return [];
}

// The element that has the page's keyboard focus: the app's text field when a field is focused.
export async function focusedInput(page) {
    return page.evaluate(() => {
        const e = document.activeElement;
        return e && e.id === 'talkoo-text' ? { type: e.type, mode: e.inputMode } : null;
    });
}

// Taps a field and types into it the way a phone's keyboard does: text committed as a whole
// (Input.insertText, no key events), as from a virtual keyboard's suggestion strip.
export async function typeInto(page, field, text) {
    await h.tap(page, field);
    const input = await focusedInput(page);
    h.check(input, `tapping ${field} did not give the page's text field the keyboard focus`);
    await page.keyboard.sendCharacter(text);
    await h.settle(page);
    return input;
}

// Fills the form and sends it; returns the kinds of keyboard the fields asked for.
export async function fillAndSend(page, { name = 'Anna Virtanen', phone = '040 123 4567' } = {}) {
    const kinds = {};
    kinds.name = await typeInto(page, 'form.name', name);
    kinds.phone = await typeInto(page, 'form.phone', phone);
    await h.tap(page, 'form.consent');
    await h.tap(page, 'form.send');
    return kinds;
}

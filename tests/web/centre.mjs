// The real talkoo-central for the browser tests that sync: a fresh database with the demo
// catalogue and a key ring, `serve --app` on the built web app with the public channel on, and a
// coordinator's token to read what arrived. The binary is the native build's
// (TALKOO_CENTRAL_BIN; tests/web/CMakeLists.txt names build/bin/talkoo-central).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_DIR } from './harness.mjs';

export const CENTRAL = process.env.TALKOO_CENTRAL_BIN;
const DEMO_CATALOG = new URL('../../assets/demo/catalog.json', import.meta.url).pathname;

export async function startCentre(extraArgs = ['--public-channel']) {
    if (!CENTRAL) throw new Error('TALKOO_CENTRAL_BIN must name the native talkoo-central');
    const dir = mkdtempSync(join(tmpdir(), 'talkoo-web-centre-'));
    const db = join(dir, 'central.db');
    const run = (args) => execFileSync(CENTRAL, [...args, '--db', db], { encoding: 'utf8' });
    run(['import', DEMO_CATALOG]);
    run(['keys', 'init']);
    const coordinator = /token:\s*(\S+)/.exec(run(['coordinator', 'add', '--name', 'Koordinaattori']))[1];
    const child = spawn(CENTRAL, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--app', APP_DIR,
        '--rate-limit', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d) => { log += d; });
    const origin = await new Promise((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d) => {
            out += d;
            const m = /listening on (http:\/\/\S+)/.exec(out);
            if (m) ok(m[1]);
        });
        child.on('exit', (code) => fail(new Error(`talkoo-central exited (${code}): ${log}`)));
    });
    return {
        origin,
        appUrl: `${origin}/app/`,
        log: () => log,
        // The signups the centre holds, as a coordinator lists them.
        async signups() {
            const r = await fetch(`${origin}/v1/signups`,
                { headers: { Authorization: `Bearer ${coordinator}` } });
            if (r.status !== 200) throw new Error(`GET /v1/signups: ${r.status}`);
            return (await r.json()).signups;
        },
        async stop() {
            child.kill('SIGTERM');
            await new Promise((ok) => child.exitCode !== null ? ok() : child.on('exit', ok));
            rmSync(dir, { recursive: true, force: true });
        },
    };
}

// Polls `condition` (async) every 100 ms until it holds; throws `message` after `ms`.
export async function eventually(condition, message, ms = 20000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
        if (await condition()) return;
        await new Promise((ok) => setTimeout(ok, 100));
    }
    throw new Error(message);
}

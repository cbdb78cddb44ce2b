// Serves the built web app for a person to open: node tests/web/serve.mjs DIR [PORT]
// (./dev.sh web). The same minimal static server the browser tests use; loopback only. Serving
// by talkoo-central (at /app/, beside its API) is a later step of issue 14.
import { resolve } from 'node:path';
import { serve } from './harness.mjs';

const dir = resolve(process.argv[2] || 'build-web/app');
const port = Number(process.argv[3] || 8490);
const server = await serve(dir, port);
console.log(`The web app: ${server.url}  (Ctrl-C stops; add ?lang=sv or ?lang=en, ?point=ID)`);

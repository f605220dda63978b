// A service worker that turns a file the receive page gets a slice at a time into an ordinary
// browser download written to disk as the slices come (js/saving.js). The page announces a
// download ('open', with a port for news back), opens its address in a hidden frame, and sends
// its bytes ('bytes'), then 'close' once the file's SHA-256 matched, or 'abort'; this worker
// answers the frame's request with a stream of those bytes. Nothing outlives the download.

const downloads = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('message', event => {
    const {type, url} = event.data;
    if (type === 'open') {
        downloads.set(url, open(event.data, event.ports[0]));
        event.ports[0].postMessage({type: 'ready'});
    }
    const download = downloads.get(url);
    if (!download) {
        return;
    }
    switch (type) {
        case 'bytes':
            download.controller.enqueue(event.data.bytes);
            break;
        case 'close':
            download.controller.close();
            download.fed = true;
            download.forgetIfDone();
            break;
        case 'abort':
            // The browser ends the download as failed and deletes what it had written.
            download.controller.error(new Error(event.data.reason));
            download.forget();
            break;
    }
    // The browser stops an idle worker; one whose download is still being fed is not idle.
    event.waitUntil(download.finished);
});

self.addEventListener('fetch', event => {
    const download = downloads.get(event.request.url);
    if (download && !download.answered) {
        download.answered = true;
        event.respondWith(new Response(download.stream, {headers: download.headers}));
        download.forgetIfDone();
    }
});

function open({url, name, size, mime}, port) {
    // Kept until its request is answered and all its bytes are in its stream, or it ended early.
    const download = {answered: false, fed: false, port};
    download.finished = new Promise(resolve => download.forget = () => {
        downloads.delete(url);
        resolve();
    });
    download.forgetIfDone = () => {
        if (download.answered && download.fed) {
            download.forget();
        }
    };
    download.stream = new ReadableStream({
        start(controller) {
            download.controller = controller;
        },
        cancel() {
            // The person cancelled the download, or the browser refused it (several downloads not allowed).
            port.postMessage({type: 'cancelled'});
            download.forget();
        }
    });
    download.headers = {
        'Content-Type': mime || 'application/octet-stream',
        'Content-Length': String(size),
        'Content-Disposition': "attachment; filename*=UTF-8''" + encodeURIComponent(name).replace(/['()*]/g,
            c => '%' + c.charCodeAt(0).toString(16).toUpperCase()),
        'Cache-Control': 'no-store'
    };
    return download;
}

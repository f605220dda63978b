// A service worker that turns a file the receive page gets a slice at a time into an ordinary
// browser download written to disk as the slices come (js/saving.js). The page announces a
// download ('open', with a port), opens its address in a hidden frame, and sends through the
// port its bytes ('bytes'), then 'close' once the file's SHA-256 matched, or 'abort'; this
// worker answers the frame's request with a stream of those bytes. While a download is fed the
// page also sends 'keep-alive' now and then: the browser stops a worker that has had no event
// for a while, and messages on a port are not events. Nothing outlives the download.

const downloads = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('message', event => {
    const {type, url} = event.data;
    if (type === 'open') {
        const port = event.ports[0];
        const download = open(event.data, port);
        downloads.set(url, download);
        port.onmessage = ({data}) => feed(download, data);
        port.postMessage({type: 'ready'});
    }
    const download = downloads.get(url);
    if (download) {
        event.waitUntil(download.finished);
    }
});

function feed(download, {type, bytes, reason}) {
    switch (type) {
        case 'bytes':
            download.controller.enqueue(bytes);
            break;
        case 'close':
            download.controller.close();
            download.fed = true;
            download.forgetIfDone();
            break;
        case 'abort':
            // The browser ends the download as failed and deletes what it had written.
            download.controller.error(new Error(reason));
            download.forget();
            break;
    }
}

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

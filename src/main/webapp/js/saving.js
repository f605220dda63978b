// Where the receive page puts each file while it arrives: a sink per file, which takes its bytes
// as they come and is closed once the file's SHA-256 matched, or aborted. Three kinds:
// - into a folder the person chose (File System Access API), remembered for the next visit;
// - into the browser's downloads, written as the bytes come (downloads/worker.js), for large
//   files saved automatically;
// - into the browser's blob store until the file is whole, for small files, for files the person
//   saves by hand, and wherever the browser allows neither of the above (plain http:// addresses
//   other than localhost, which are not secure contexts).

/** Files up to this size are kept in the page (as blobs) for a preview and a Download button. */
const KEPT_FILE_SIZE = 16 * 1024 * 1024;
/** How often a page feeding a download wakes the service worker: well within the 30 s it may idle. */
const KEEP_ALIVE_MS = 10000;
const FOLDER_STORE = 'wsfile-saving';
/** What Windows and common file systems refuse in a name, replaced as the command line does. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f<>:"|?*\\\u2028\u2029]/g;

/**
 * The receive page's choice of where files go, and the sinks that put them there. A sink has
 * write(bytes, ownBuffer), close() → a promise of where the file went ({blob} or {place}), and
 * abort(); it calls failed(reason) if it cannot go on. The bytes are the sink's to keep; with
 * ownBuffer it may also take over (transfer) the buffer they are in.
 */
export class Saving {
    constructor() {
        this.folder = null;
        this.automatic = false;
        this.streaming = window.isSecureContext && 'serviceWorker' in navigator
            ? navigator.serviceWorker.register('downloads/worker.js', {scope: 'downloads/'})
                .then(activeWorker)
                .catch(() => null)
            : Promise.resolve(null);
    }

    /** Whether this browser, at this address, lets the page write into a folder. */
    static canUseFolders() {
        return window.isSecureContext && typeof window.showDirectoryPicker === 'function';
    }

    /** Whether large files are held in memory until whole, whatever the person chooses. */
    async holdsFilesInMemory() {
        return !Saving.canUseFolders() && !(await this.streaming);
    }

    /** Asks the person for a folder (call from a click) and saves every file there from now on. */
    async chooseFolder() {
        const folder = await window.showDirectoryPicker({id: 'wsfile-received', mode: 'readwrite'});
        await remember(folder);
        this.folder = folder;
        return folder;
    }

    /**
     * The folder chosen on an earlier visit, if any: {folder, usable}. It is used at once if the
     * browser still grants it; else useFolder(folder) from a click asks the person again.
     */
    async rememberedFolder() {
        if (!Saving.canUseFolders()) {
            return null;
        }
        const folder = await recall().catch(() => null);
        if (!folder) {
            return null;
        }
        const usable = await folder.queryPermission({mode: 'readwrite'}) === 'granted';
        if (usable) {
            this.folder = folder;
        }
        return {folder, usable};
    }

    /** Saves into a folder chosen earlier, asking the browser for permission again (call from a click). */
    async useFolder(folder) {
        if (await folder.requestPermission({mode: 'readwrite'}) !== 'granted') {
            throw new Error('the browser was not allowed to save into ' + folder.name);
        }
        this.folder = folder;
    }

    /** Saves into the browser's downloads (or keeps files in the page) from now on. */
    async stopUsingFolder() {
        this.folder = null;
        await forget();
    }

    /** A sink for a file announced by its header; failed(reason) is called if saving it cannot go on. */
    sinkFor(header, failed) {
        if (header.kind === 'text') {
            return keptInPage(header); // shown on the page, not saved
        }
        if (this.folder) {
            return new FolderSink(this.folder, header, failed);
        }
        if (this.automatic && header.size > KEPT_FILE_SIZE) {
            return new DownloadSink(this.streaming, header, failed);
        }
        return keptInPage(header);
    }
}

/** A sink that keeps the file in the page until it is whole: received as {blob}. */
export function keptInPage(header) {
    return new BlobSink(header.mime);
}

/** Keeps the file's slices in the browser's blob store (which may page them out to disk). */
class BlobSink {
    constructor(mime) {
        this.mime = mime;
        this.parts = [];
    }

    write(bytes) {
        this.parts.push(new Blob([bytes]));
    }

    async close() {
        return {blob: new Blob(this.parts, {type: this.mime})};
    }

    abort() {
        this.parts = [];
    }
}

/**
 * Writes the file into the chosen folder, under its path in the sender's folder if it has one.
 * The browser writes into a temporary file and puts it in place only on close; an aborted file's
 * entry is removed, so nothing partial stays.
 */
class FolderSink {
    constructor(folder, header, failed) {
        this.failed = failed;
        this.trouble = null;
        this.folderName = folder.name;
        this.opened = create(folder, header.name).then(async file => ({...file, writable: await file.handle.createWritable()}));
        this.written = this.opened.catch(problem => this.fail(problem));
    }

    write(bytes) {
        this.written = this.written.then(() => this.trouble || this.opened.then(file => file.writable.write(bytes)))
            .catch(problem => this.fail(problem));
    }

    async close() {
        await this.written;
        if (this.trouble) {
            throw this.trouble;
        }
        const file = await this.opened;
        await file.writable.close();
        return {place: 'folder', folder: this.folderName, path: file.path};
    }

    abort() {
        this.trouble = this.trouble || new Error('aborted');
        this.written.then(() => this.opened).then(async file => {
            await file.writable.abort();
            await file.directory.removeEntry(file.name);
        }).catch(() => {
            // Nothing was created, or it is gone already.
        });
    }

    fail(problem) {
        if (!this.trouble) {
            this.trouble = new Error('could not be saved into the folder: ' + problem.message);
            this.failed(this.trouble.message);
        }
    }
}

/**
 * Hands the file to the browser as a download that is written as the bytes come, through the
 * service worker; if there is none (it could not be registered), the slices are kept as blobs and
 * the file is offered whole, as by BlobSink. The bytes go through a port of their own: posting
 * them to the service worker itself costs the page a hundred times more.
 */
class DownloadSink {
    constructor(streaming, header, failed) {
        this.fallback = new BlobSink(header.mime);
        this.pending = [];
        this.ended = null;
        /** The port to the service worker; null until it answers, false if there is none. */
        this.port = null;
        this.failed = failed;
        streaming.then(worker => worker ? this.start(worker, header) : this.keepInPage());
    }

    async start(worker, header) {
        const url = new URL(`downloads/${crypto.randomUUID()}/${encodeURIComponent(header.name)}`, location.href).href;
        const channel = new MessageChannel();
        const ready = new Promise(resolve => channel.port1.onmessage = ({data}) => {
            if (data.type === 'ready') {
                resolve();
            } else if (data.type === 'cancelled') {
                this.cancelled();
            }
        });
        worker.postMessage({type: 'open', url, name: header.name, size: header.size, mime: header.mime}, [channel.port2]);
        await ready;
        this.keepAlive = setInterval(() => worker.postMessage({type: 'keep-alive', url}), KEEP_ALIVE_MS);
        this.frame = document.createElement('iframe');
        this.frame.hidden = true;
        this.frame.src = url;
        document.body.append(this.frame);
        this.port = channel.port1;
        this.pending.forEach(bytes => this.send(bytes, false));
        this.settled();
    }

    keepInPage() {
        this.pending.forEach(bytes => this.fallback.write(bytes));
        this.port = false;
        this.settled();
    }

    settled() {
        this.pending = null;
        if (this.ended) {
            this.ended();
        }
    }

    write(bytes, ownBuffer) {
        if (this.port) {
            this.send(bytes, ownBuffer);
        } else if (this.port === false) {
            this.fallback.write(bytes);
        } else {
            this.pending.push(bytes);
        }
    }

    /** Hands the bytes to the service worker: their own buffer as it is, else a copy of just them. */
    send(bytes, ownBuffer) {
        const sent = ownBuffer ? bytes : bytes.slice();
        this.port.postMessage({type: 'bytes', bytes: sent}, [sent.buffer]);
    }

    async close() {
        if (this.pending) {
            await new Promise(resolve => this.ended = resolve);
        }
        if (this.gone) {
            throw new Error(this.gone);
        }
        if (this.port === false) {
            return this.fallback.close();
        }
        this.port.postMessage({type: 'close'});
        this.stop(60000);
        return {place: 'downloads'};
    }

    abort() {
        if (this.port) {
            this.port.postMessage({type: 'abort', reason: 'not complete'});
            this.stop(1000);
        }
        this.fallback.abort();
        this.pending = this.pending && [];
    }

    cancelled() {
        this.gone = 'the browser cancelled its download';
        this.stop(0);
        this.failed(this.gone);
    }

    /** Stops keeping the service worker awake, and removes the frame after the delay. */
    stop(frameDelayMs) {
        clearInterval(this.keepAlive);
        const frame = this.frame;
        setTimeout(() => frame.remove(), frameDelayMs);
    }
}

/** The service worker once it is active, or null if it could not start. */
async function activeWorker(registration) {
    const worker = registration.active || registration.waiting || registration.installing;
    if (!worker) {
        return null;
    }
    while (worker.state !== 'activated') {
        if (worker.state === 'redundant') {
            return null;
        }
        await new Promise(resolve => worker.addEventListener('statechange', resolve, {once: true}));
    }
    return worker;
}

/** Files are created one at a time, so that two of the same name cannot both take a free one. */
let creating = Promise.resolve();

/** Creates the (empty) file a received file is written to; see placeIn. */
function create(folder, name) {
    const created = creating.then(async () => {
        const place = await placeIn(folder, name);
        return {...place, handle: await place.directory.getFileHandle(place.name, {create: true})};
    });
    creating = created.catch(() => undefined);
    return created;
}

/**
 * The folder (made as needed) and file name a received file is written to: its path in the
 * sender's folder is kept, made safe as the command line does (no climbing out, no characters
 * file systems refuse), and a name already taken gets a number: "notes (1).txt".
 */
async function placeIn(folder, name) {
    const parts = name.split('/')
        .map(part => part.replace(UNSAFE_CHARACTERS, '_').trim().replace(/[. ]+$/, ''))
        .filter(part => part !== '' && part !== '.' && part !== '..');
    const fileName = parts.pop() || 'unnamed';
    let directory = folder;
    for (const part of parts) {
        directory = await directory.getDirectoryHandle(part, {create: true});
    }
    const free = await freeName(directory, fileName);
    return {directory, name: free, path: [...parts, free].join('/')};
}

async function freeName(directory, name) {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const extension = dot > 0 ? name.slice(dot) : '';
    for (let n = 0; ; n++) {
        const candidate = n === 0 ? name : `${stem} (${n})${extension}`;
        if (!(await exists(directory, candidate))) {
            return candidate;
        }
    }
}

async function exists(directory, name) {
    try {
        await directory.getFileHandle(name);
        return true;
    } catch (problem) {
        return problem.name === 'TypeMismatchError'; // a folder of that name
    }
}

// The chosen folder's handle is kept in IndexedDB (handles can be stored there, not in localStorage).

function database() {
    return new Promise((resolve, reject) => {
        const request = indexedDB.open(FOLDER_STORE, 1);
        request.onupgradeneeded = () => request.result.createObjectStore('folders');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
}

async function stored(mode, use) {
    const db = await database();
    try {
        return await new Promise((resolve, reject) => {
            const request = use(db.transaction('folders', mode).objectStore('folders'));
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
    } finally {
        db.close();
    }
}

const remember = folder => stored('readwrite', store => store.put(folder, 'received'));
const recall = () => stored('readonly', store => store.get('received'));
const forget = () => stored('readwrite', store => store.delete('received'));

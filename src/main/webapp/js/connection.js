// A connection to the wsfile server in its streaming protocol (docs/PROTOCOL.md), for the pages.
// It reconnects by itself, waiting longer each time, and subscribes again to its topics.

import {hashedDownTo, sha256Hex, sha256Stream} from './hashing.js';
import {PacedSocket, pacedSocketsWork} from './paced-socket.js';
import {keptInPage} from './saving.js';

const PROTOCOL = 'wsfile.v1';
const CHUNK_SIZE = 256 * 1024;
/** Bytes the browser may hold unsent before a sender waits: enough to keep the line busy. */
const MAX_BUFFERED = 4 * 1024 * 1024;
/** How far a file being sent, or a paced connection's reading, may run ahead of hashing, in bytes. */
const MAX_UNHASHED = 4 * 1024 * 1024;
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30000;
const CONFIRM_WINDOW_MS = 20;
/** Files confirmed in one frame at most: the server reads a control frame of up to 16 K characters. */
const MAX_CONFIRMATIONS = 500;
/** Bundles (docs/PROTOCOL.md): small files whole, several in one binary frame marked by this id. */
const BUNDLES = 'bundles';
/** The optional feature by which the server tells a sender how a file fares while some still receive it. */
const RECEIVING = 'receiving';
const BUNDLE_MARKER = 0xFFFFFFFF;
/** How full a bundle is made: the protocol allows 1 MiB, but a Java server copies every large message several times. */
const MAX_BUNDLE = 256 * 1024;
const MAX_BUNDLED_FILE = 64 * 1024;
const BUNDLE_WINDOW_MS = 2;

/** The server's WebSocket address, from the page's own address: ws(s)://host:port/context/ws. */
export function defaultEndpoint(location) {
    const context = location.pathname.replace(/[^/]*$/, '');
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + context + 'ws';
}

/** A size in decimal units: 999 B, 1.50 kB, 12.3 MB. */
export function formatBytes(bytes) {
    if (bytes < 1000) {
        return bytes + ' B';
    }
    const units = ['kB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = -1;
    while (value >= 999.95 && unit < units.length - 1) {
        value /= 1000;
        unit++;
    }
    return value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0) + ' ' + units[unit];
}

/**
 * A limit as it was most likely set: in the largest unit that divides it exactly, binary
 * before decimal (524288000 → "500 MiB", 2000000000 → "2 GB"), else in bytes.
 */
export function formatLimit(bytes) {
    for (let unit = 4; unit >= 1; unit--) {
        for (const [base, names] of [[1024, ['KiB', 'MiB', 'GiB', 'TiB']], [1000, ['kB', 'MB', 'GB', 'TB']]]) {
            const size = base ** unit;
            if (bytes >= size && bytes % size === 0) {
                return `${bytes / size} ${names[unit - 1]}`;
            }
        }
    }
    return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

/** A duration in seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds) {
    const whole = Math.ceil(seconds);
    const h = Math.floor(whole / 3600);
    const m = Math.floor(whole / 60) % 60;
    const s = String(whole % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "42% · 18.9 MB of 45.0 MB · 12.3 MB/s · 0:03 left", from bytes done, total and start time. */
export function describeProgress(done, total, startedAt) {
    const seconds = Math.max(0.001, (performance.now() - startedAt) / 1000);
    const speed = done / seconds;
    const parts = [];
    if (total > 0) {
        parts.push(Math.floor(done * 100 / total) + '%');
    }
    parts.push(total >= 0 ? `${formatBytes(done)} of ${formatBytes(total)}` : formatBytes(done));
    parts.push(formatBytes(Math.round(speed)) + '/s');
    if (total > 0 && done > 0 && done < total) {
        parts.push(formatDuration((total - done) / speed) + ' left');
    }
    return parts.join(' · ');
}

/** An error the server sent: a code such as "too-large" and a sentence for people. */
export class ServerError extends Error {
    constructor(code, message) {
        super(message);
        this.code = code;
    }
}

/**
 * Reads the next `length` bytes of a file into `frame` after its 4-byte id, and returns the frame
 * of 4 + length bytes. Each read takes the buffer over and gives it back, so the frame returned is
 * a new view over the same memory.
 */
async function readSlice(reader, frame, length) {
    let buffer = frame.buffer;
    for (let filled = 0; filled < length;) {
        const {value, done} = await reader.read(new Uint8Array(buffer, 4 + filled, length - filled));
        if (done) {
            throw new Error('the file got shorter while it was read');
        }
        buffer = value.buffer;
        filled += value.byteLength;
    }
    return new Uint8Array(buffer, 0, 4 + length);
}

/** Bytes a file takes in a bundle: its two lengths, its header and its content. */
function entrySize(entry) {
    return 8 + entry.header.length + entry.content.length;
}

/**
 * Gathers what a connection sends into few messages, as every message costs the server more than
 * a small file's bytes: the first item after a quiet spell goes at once, the items that come during
 * the window after it go together at its end, or sooner when they would weigh more than maxWeight.
 */
class Batches {
    constructor(windowMs, maxWeight, weightOf, send) {
        this.windowMs = windowMs;
        this.maxWeight = maxWeight;
        this.weightOf = weightOf;
        this.send = send;
        this.waiting = [];
        this.weight = 0;
        this.timer = null;
    }

    add(item) {
        const weight = this.weightOf(item);
        if (this.weight + weight > this.maxWeight) {
            this.flushNow();
        }
        this.waiting.push(item);
        this.weight += weight;
        if (this.timer === null) {
            this.flush();
        }
    }

    /** Sends what waits and opens a window, or closes the window when nothing came during it. */
    flush() {
        if (this.waiting.length === 0) {
            this.timer = null;
            return;
        }
        this.flushNow();
        this.timer = setTimeout(() => this.flush(), this.windowMs);
    }

    flushNow() {
        if (this.waiting.length > 0) {
            const items = this.waiting;
            this.clear();
            this.send(items);
        }
    }

    /** Drops what waits, as when the connection is lost. */
    clear() {
        this.waiting = [];
        this.weight = 0;
    }
}

/**
 * Events (all CustomEvents, details in brackets):
 * - state {state: 'connecting' | 'connected' | 'disconnected', retryInMs, reason}
 * - incoming {id, topic, name, mime, size, sentAt, kind} (kind 'text' for a text); progress {id, received}
 * - received {id, blob} or {id, place, …} (where its sink put it) once a file is whole and its SHA-256 matched;
 *   lost {id, reason} if it was aborted, damaged or cut off for good
 * - paused {id, received} when a lost connection cut a file off: what arrived is kept, and the rest is asked
 *   for on the next connection (docs/PROTOCOL.md, "Resuming a file"); resumed {from, to, received} when it
 *   comes, under the new id `to`
 * - problem {code, message} for an error the server sent about no particular file
 */
/** Thrown where an upload finds its connection lost: it goes on over the next one. */
class ConnectionLost extends Error {
    constructor() {
        super('the connection was lost');
    }
}

/** A name for an upload, random enough that no other upload has it (crypto.randomUUID needs https). */
function uploadKey() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), byte => byte.toString(16).padStart(2, '0')).join('');
}

/** The SHA-256 stream of a blob's bytes, read a slice at a time, no further ahead of the hashing than a file being sent. */
async function hashOf(blob) {
    const hash = sha256Stream();
    const reader = blob.stream().getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
        hash.update(read.value);
        await hashedDownTo(MAX_UNHASHED);
    }
    return hash;
}

export class Connection extends EventTarget {
    /**
     * `sinkFor(header, failed)` gives what takes each arriving file's bytes (js/saving.js); by default
     * they are kept in the browser's blob store and the file is received as {blob}. With `paced`
     * (for a page that receives large files) the connection reads no further ahead of its hashing
     * than MAX_UNHASHED, where the browser allows it (PacedSocket); else as fast as bytes come.
     */
    constructor(url, sinkFor = header => keptInPage(header), {paced = false} = {}) {
        super();
        this.url = url;
        this.sinkFor = sinkFor;
        this.paced = paced && pacedSocketsWork();
        this.topics = new Set();
        /** History asked for before the connection opened, by topic: asked for once it has. */
        this.historyAsked = new Map();
        this.lastId = 0;
        this.sending = new Map();
        this.arriving = new Map();
        /** Files a lost connection cut off, by key, with what arrived of them: the rest is asked for on the next one. */
        this.cut = new Map();
        /** Uploads waiting for the connection to be back, to go on over it. */
        this.whenBack = [];
        this.confirmations = new Batches(CONFIRM_WINDOW_MS, MAX_CONFIRMATIONS, () => 1,
            ids => this.sendControl({type: 'received', ids}));
        this.bundle = new Batches(BUNDLE_WINDOW_MS, MAX_BUNDLE - 4, entrySize, entries => this.sendBundle(entries));
        this.retryMs = FIRST_RETRY_MS;
        this.limits = null;
        this.stopped = false;
        this.open();
    }

    /**
     * Receives the files sent to a topic from now on, on this and every later connection; with
     * `history` ({last: 5} or {since: '2026-11-26T08:00:00Z'}), first those of the files the server
     * kept that it names, on this connection (docs/PROTOCOL.md, "History").
     */
    subscribe(topic, history = {}) {
        this.topics.add(topic);
        if (this.socket.readyState === WebSocket.OPEN) {
            this.sendControl({type: 'subscribe', topic, ...history});
        } else {
            this.historyAsked.set(topic, history); // asked for when the connection opens
        }
    }

    /** Closes for good. */
    stop() {
        this.stopped = true;
        this.whenBack.splice(0).forEach(waiting => waiting.reject(new Error('stopped')));
        for (const key of [...this.cut.keys()]) {
            this.forget(key, 'the page stopped receiving');
        }
        clearTimeout(this.retryTimer);
        this.socket.close(1000);
    }

    /**
     * Sends a file a slice at a time, or a small one whole in a bundle. Returns {id, cancel(), sent, done}:
     * `sent` resolves once all of it is handed to the connection (or it stopped), `done` resolves with the
     * receipt {offered, completed, failed} or rejects with a ServerError or the reason it stopped.
     * `onProgress(bytesSent)` is called as slices go out. `name` is what receivers see: the file's own
     * name, or its path within a folder that was sent (`photos/board-1.jpg`).
     */
    sendFile(topic, file, onProgress, name = file.name) {
        return this.sendItem(topic, file, onProgress, {name, mime: file.type || 'application/octet-stream'});
    }

    /**
     * Sends a text (docs/PROTOCOL.md, "Texts"), as sendFile sends a file: receivers that know texts
     * show it, others get it as a plain-text file. The server refuses one over its limit (64 KiB by default).
     */
    sendText(topic, text) {
        return this.sendItem(topic, new Blob([text]), () => undefined, {kind: 'text'});
    }

    /** Sends a file or a text; `about` is what its `send` message says of it besides id, topic and size. */
    sendItem(topic, file, onProgress, about) {
        const id = ++this.lastId;
        const outgoing = {cancelled: false, settle: null};
        outgoing.done = new Promise((resolve, reject) => outgoing.settle = {resolve, reject});
        this.sending.set(id, outgoing);
        const streamed = this.stream(id, topic, file, about, outgoing, onProgress)
            .catch(problem => this.finishSending(id, problem));
        return {
            id,
            sent: streamed,
            done: outgoing.done,
            cancel: () => {
                outgoing.cancelled = true;
            },
            /** `listener({offered, completed, failed, receiving})` hears, about every second, how the file fares
             * while subscribers that fell behind are still receiving it after its last byte was sent. */
            onReceiving: listener => {
                outgoing.meanwhile = listener;
            }
        };
    }

    async stream(id, topic, file, about, outgoing, onProgress) {
        if (this.state !== 'connected') {
            throw new Error('not connected to the server');
        }
        if (this.limits && file.size > this.limits.maxFileSize) {
            throw new ServerError('too-large', `${formatBytes(file.size)} is over the server's limit of `
                + formatLimit(this.limits.maxFileSize));
        }
        const socket = this.socket;
        if (this.bundles && file.size <= MAX_BUNDLED_FILE) {
            const content = new Uint8Array(await file.arrayBuffer());
            const sha256 = await sha256Hex(content);
            if (this.sending.has(id) && !outgoing.cancelled) {
                this.addToBundle({type: 'send', id, topic, ...about, size: content.length, sha256}, content);
                onProgress(content.length);
            }
            return;
        }
        // Named, so that the upload can go on over a new connection if this one is lost (docs/PROTOCOL.md,
        // "Resuming an upload").
        outgoing.key = uploadKey();
        outgoing.streaming = true;
        this.sendControl({type: 'send', id, topic, ...about, size: file.size, key: outgoing.key});
        let hash = sha256Stream();
        for (let from = 0, current = socket; ;) {
            try {
                await this.streamSlices(id, file, outgoing, onProgress, current, hash, from);
                break;
            } catch (problem) {
                hash.drop();
                if (!(problem instanceof ConnectionLost) || this.stopped) {
                    throw problem;
                }
                from = await this.resumeUpload(id, outgoing);
                hash = await hashOf(file.slice(0, from));
                current = this.socket;
            }
        }
        outgoing.streaming = false;
        if (this.sending.has(id)) {
            this.sendControl({type: 'end', id, sha256: await hash.hex()});
        } else {
            hash.drop();
        }
    }

    /**
     * Once the connection is back, asks the server to go on with an upload the lost one cut off;
     * resolves with how many of its bytes the server has, or rejects if it no longer keeps it.
     */
    async resumeUpload(id, outgoing) {
        await new Promise((resolve, reject) => this.whenBack.push({resolve, reject}));
        const offset = new Promise((resolve, reject) => outgoing.resumed = {resolve, reject});
        this.sendControl({type: 'resume-send', id, key: outgoing.key});
        return offset.finally(() => outgoing.resumed = null);
    }

    /**
     * The file's bytes, a slice at a time, each hashed (in the worker) as it goes. Slices are read
     * straight into one data frame after its id, which is reused: the socket copies what it sends.
     */
    async streamSlices(id, file, outgoing, onProgress, socket, hash, from) {
        const reader = file.slice(from).stream().getReader({mode: 'byob'});
        let frame = new Uint8Array(4 + CHUNK_SIZE);
        try {
            for (let offset = from; offset < file.size;) {
                if (outgoing.cancelled) {
                    this.sendControl({type: 'cancel', id});
                    throw new Error('cancelled');
                }
                if (!this.sending.has(id)) {
                    return; // refused by the server while it streamed
                }
                if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) {
                    throw new ConnectionLost();
                }
                frame = await readSlice(reader, frame, Math.min(CHUNK_SIZE, file.size - offset));
                const length = frame.length - 4;
                if (!this.sending.has(id)) {
                    return; // refused or lost while the slice was read
                }
                hash.update(frame.subarray(4));
                new DataView(frame.buffer).setUint32(0, id);
                socket.send(frame);
                offset += length;
                onProgress(offset);
                while (socket.bufferedAmount > MAX_BUFFERED && socket.readyState === WebSocket.OPEN) {
                    await new Promise(resume => setTimeout(resume, 5));
                }
                await hashedDownTo(MAX_UNHASHED);
            }
        } finally {
            reader.cancel().catch(() => undefined);
        }
    }

    /** Queues a small file for a bundle: sent at once after a quiet spell, else with the others of a few milliseconds. */
    addToBundle(header, content) {
        this.bundle.add({header: new TextEncoder().encode(JSON.stringify(header)), content});
    }

    sendBundle(entries) {
        const frame = new Uint8Array(4 + entries.reduce((sum, entry) => sum + entrySize(entry), 0));
        const view = new DataView(frame.buffer);
        view.setUint32(0, BUNDLE_MARKER);
        let offset = 4;
        for (const entry of entries) {
            view.setUint32(offset, entry.header.length);
            view.setUint32(offset + 4, entry.content.length);
            frame.set(entry.header, offset + 8);
            frame.set(entry.content, offset + 8 + entry.header.length);
            offset += entrySize(entry);
        }
        if (this.socket.readyState === WebSocket.OPEN) {
            this.socket.send(frame);
        }
    }

    finishSending(id, outcome) {
        const outgoing = this.sending.get(id);
        if (!outgoing) {
            return;
        }
        this.sending.delete(id);
        if (outcome instanceof Error) {
            outgoing.settle.reject(outcome);
        } else {
            outgoing.settle.resolve(outcome);
        }
    }

    open() {
        this.setState('connecting');
        const socket = this.paced ? new PacedSocket(this.url, PROTOCOL, () => hashedDownTo(MAX_UNHASHED))
            : new WebSocket(this.url, PROTOCOL);
        socket.binaryType = 'arraybuffer';
        this.socket = socket;
        socket.onopen = () => {
            socket.send(JSON.stringify({type: 'hello', features: [BUNDLES, RECEIVING]}));
        };
        socket.onmessage = message => {
            if (typeof message.data === 'string') {
                this.control(JSON.parse(message.data));
            } else {
                this.data(message.data);
            }
        };
        socket.onclose = event => this.closed(event);
    }

    closed(event) {
        const reason = event.reason || (event.code === 1006 ? 'the connection was cut' : 'closed (' + event.code + ')');
        for (const [id, file] of [...this.arriving]) {
            if (file.header.key && file.received > 0 && !this.stopped) {
                // Kept, with the checksum of what came so far, to ask for the rest on the next connection.
                this.arriving.delete(id);
                this.cut.set(file.header.key, {...file, id});
                this.emit('paused', {id, received: file.received});
            } else {
                this.lose(id, 'the connection was lost before the file was complete');
            }
        }
        for (const [id, outgoing] of [...this.sending]) {
            // An upload under way goes on over the next connection; receipts still awaited are lost with this one.
            if (!outgoing.streaming || this.stopped) {
                this.finishSending(id, new Error('the connection was lost: ' + reason));
            }
        }
        // Files not yet confirmed were counted as not received; a new connection cannot confirm them.
        this.confirmations.clear();
        this.bundle.clear();
        if (this.stopped) {
            this.setState('disconnected', {reason});
            return;
        }
        const retryInMs = this.retryMs;
        this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
        this.setState('disconnected', {reason, retryInMs});
        this.retryTimer = setTimeout(() => this.open(), retryInMs);
    }

    control(message) {
        switch (message.type) {
            case 'welcome':
                this.limits = {maxFileSize: message.maxFileSize, maxChunkSize: message.maxChunkSize};
                this.history = message.history || 0;
                this.bundles = (message.features || []).includes(BUNDLES);
                this.retryMs = FIRST_RETRY_MS;
                this.setState('connected');
                for (const topic of this.topics) {
                    this.sendControl({type: 'subscribe', topic, ...this.historyAsked.get(topic)});
                }
                for (const [key, file] of this.cut) {
                    this.sendControl({type: 'resume', key, offset: file.received});
                }
                this.whenBack.splice(0).forEach(waiting => waiting.resolve());
                this.historyAsked.clear();
                break;
            case 'subscribed':
            case 'unsubscribed':
                this.emit(message.type, {topic: message.topic});
                break;
            case 'file':
                this.begin(message);
                break;
            case 'end':
                this.fileEnded(message.id, message.sha256);
                break;
            case 'aborted':
                this.lose(message.id, message.reason);
                break;
            case 'receipt':
                this.finishSending(message.id, {offered: message.offered, completed: message.completed,
                    failed: message.failed});
                break;
            case 'resumed':
                this.sending.get(message.id)?.resumed?.resolve(message.offset);
                break;
            case 'receiving':
                this.sending.get(message.id)?.meanwhile?.({offered: message.offered, completed: message.completed,
                    failed: message.failed, receiving: message.receiving});
                break;
            case 'error':
                if (message.key !== undefined && this.cut.has(message.key)) {
                    this.forget(message.key, 'the server no longer holds it, so the rest cannot come');
                } else if (message.id !== undefined && this.sending.get(message.id)?.resumed) {
                    this.sending.get(message.id).resumed.reject(new ServerError(message.code, 'the connection was lost'
                        + ' and the server no longer keeps what it had of this file: send it again'));
                } else if (message.id !== undefined && this.sending.has(message.id)) {
                    this.finishSending(message.id, new ServerError(message.code, message.message));
                } else {
                    this.emit('problem', {code: message.code, message: message.message});
                }
                break;
        }
    }

    begin(header) {
        const cut = header.offset > 0 ? this.cut.get(header.key) : undefined;
        if (cut) {
            // The rest of a file a lost connection cut off: it goes on into the same sink and checksum.
            this.cut.delete(header.key);
            this.arriving.set(header.id, {...cut, header});
            this.emit('resumed', {from: cut.id, to: header.id, received: cut.received});
            return;
        }
        const sink = this.sinkFor(header, reason => this.unsaved(header.id, reason));
        this.arriving.set(header.id, {sink, received: 0, hash: sha256Stream(), header});
        this.emit('incoming', header);
    }

    data(buffer) {
        const id = new DataView(buffer).getUint32(0);
        if (id === BUNDLE_MARKER && this.bundles) {
            this.bundled(buffer);
        } else {
            this.chunk(id, new Uint8Array(buffer, 4), true);
        }
    }

    /** Each file of a bundle, as if it had come as `file`, one data frame and `end`. */
    bundled(buffer) {
        const view = new DataView(buffer);
        const decoder = new TextDecoder('utf-8', {fatal: true});
        for (let offset = 4; offset < buffer.byteLength;) {
            let header;
            try {
                const headerLength = view.getUint32(offset);
                const contentLength = view.getUint32(offset + 4);
                header = JSON.parse(decoder.decode(new Uint8Array(buffer, offset + 8, headerLength)));
                offset += 8 + headerLength;
                header.content = new Uint8Array(buffer, offset, contentLength);
                offset += contentLength;
            } catch (problem) {
                this.emit('problem', {code: 'bad-frame', message: 'the server sent a malformed bundle: ' + problem.message});
                return;
            }
            const {content, sha256: expected, ...file} = header;
            this.begin(file);
            this.chunk(file.id, content, false);
            this.fileEnded(file.id, expected);
        }
    }

    /** A slice of a file; `ownBuffer` says that no other bytes in its buffer are needed, so a sink may take it over. */
    chunk(id, bytes, ownBuffer) {
        const file = this.arriving.get(id);
        if (!file) {
            return;
        }
        file.received += bytes.length;
        file.hash.update(bytes);
        file.sink.write(bytes, ownBuffer);
        this.emit('progress', {id, received: file.received});
    }

    async fileEnded(id, expected) {
        const file = this.arriving.get(id);
        if (!file) {
            return;
        }
        this.arriving.delete(id);
        if (await file.hash.hex() !== expected || file.received !== file.header.size) {
            file.sink.abort();
            this.sendControl({type: 'failed', id, reason: 'checksum mismatch'});
            this.emit('lost', {id, reason: 'damaged on the way (its checksum did not match)'});
            return;
        }
        let saved;
        try {
            saved = await file.sink.close();
        } catch (problem) {
            this.sendControl({type: 'failed', id, reason: 'not saved: ' + problem.message});
            this.emit('lost', {id, reason: 'whole, but not saved: ' + problem.message});
            return;
        }
        this.confirm(id);
        this.emit('received', {id, ...saved});
    }

    lose(id, reason) {
        const file = this.arriving.get(id);
        if (file) {
            this.arriving.delete(id);
            file.hash.drop();
            file.sink.abort();
            this.emit('lost', {id, reason});
        }
    }

    /** A file a lost connection cut off will not be completed. */
    forget(key, reason) {
        const file = this.cut.get(key);
        this.cut.delete(key);
        file.hash.drop();
        file.sink.abort();
        this.emit('lost', {id: file.id, reason});
    }

    /** A file's sink could not go on (its folder went away, its download was cancelled): the server is told. */
    unsaved(id, reason) {
        if (this.arriving.has(id)) {
            this.lose(id, 'not saved: ' + reason);
            this.sendControl({type: 'failed', id, reason: 'not saved: ' + reason});
        }
    }

    /** Confirms at once after a quiet spell, and otherwise gathers a few milliseconds of confirmations into one message. */
    confirm(id) {
        this.confirmations.add(id);
    }

    sendControl(message) {
        if (this.socket.readyState === WebSocket.OPEN) {
            this.socket.send(JSON.stringify(message));
        }
    }

    setState(state, details = {}) {
        this.state = state;
        this.emit('state', {state, ...details});
    }

    emit(type, detail) {
        this.dispatchEvent(new CustomEvent(type, {detail}));
    }
}

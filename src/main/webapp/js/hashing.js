// SHA-256 of files, computed in a Web Worker (hash-worker.js) so that hashing never holds up the
// page or the connection: the bytes are copied to the worker as they pass, the result comes back
// as a promise. The worker hands each buffer back once hashed, and the next copies reuse it: a
// gigabyte hashed this way is not a gigabyte of garbage for two JavaScript heaps to collect.

const worker = new Worker(new URL('./hash-worker.js', import.meta.url));
const answers = new Map();
/** Buffers handed back by the worker, for the next copies. */
const spare = [];
const MOST_SPARE = 16;
const SPARE_SIZE = 256 * 1024;
let lastId = 0;
/** Bytes handed to the worker and not yet hashed (counted by the buffers that carry them). */
let unhashed = 0;
/** Those waiting in hashedDownTo: {bytes, resolve}. */
let waiting = [];

worker.onmessage = ({data: {id, hex, buffer}}) => {
    if (buffer) {
        unhashed -= buffer.byteLength;
        if (spare.length < MOST_SPARE) {
            spare.push(buffer);
        }
        waiting = waiting.filter(({bytes, resolve}) => unhashed > bytes || resolve());
        return;
    }
    answers.get(id)(hex);
    answers.delete(id);
};

/** A copy of the bytes, in a spare buffer if one is large enough. */
function copyOf(bytes) {
    const found = spare.findIndex(buffer => buffer.byteLength >= bytes.length);
    const buffer = found >= 0 ? spare.splice(found, 1)[0] : new ArrayBuffer(Math.max(bytes.length, SPARE_SIZE));
    const copy = new Uint8Array(buffer, 0, bytes.length);
    copy.set(bytes);
    return copy;
}

/** A SHA-256 fed a slice at a time: update(bytes) as they pass, then hex() once, or drop(). */
export function sha256Stream() {
    const id = ++lastId;
    worker.postMessage({id, op: 'start'});
    return {
        update(bytes) {
            // A copy (a view may sit in a larger buffer, such as a bundle's), handed over whole.
            const copy = copyOf(bytes);
            unhashed += copy.buffer.byteLength;
            worker.postMessage({id, op: 'update', bytes: copy}, [copy.buffer]);
        },
        hex() {
            return new Promise(resolve => {
                answers.set(id, resolve);
                worker.postMessage({id, op: 'digest'});
            });
        },
        drop() {
            worker.postMessage({id, op: 'drop'});
        }
    };
}

/**
 * Resolves once the worker holds at most `bytes` not yet hashed. A sender waits on it, so that it
 * reads and sends no further ahead of its hashing than that: the file's end waits for its SHA-256
 * anyway, and bytes queued for the worker are memory.
 */
export function hashedDownTo(bytes) {
    return unhashed <= bytes ? Promise.resolve() : new Promise(resolve => waiting.push({bytes, resolve}));
}

/** The SHA-256 of some bytes, as lowercase hex. */
export function sha256Hex(bytes) {
    const hash = sha256Stream();
    hash.update(bytes);
    return hash.hex();
}

// SHA-256 of files, computed in a Web Worker (hash-worker.js) so that hashing never holds up the
// page or the connection: the bytes are copied to the worker as they pass, the result comes back
// as a promise.

const worker = new Worker(new URL('./hash-worker.js', import.meta.url));
const answers = new Map();
let lastId = 0;

worker.onmessage = ({data: {id, hex}}) => {
    answers.get(id)(hex);
    answers.delete(id);
};

/** A SHA-256 fed a slice at a time: update(bytes) as they pass, then hex() once, or drop(). */
export function sha256Stream() {
    const id = ++lastId;
    worker.postMessage({id, op: 'start'});
    return {
        update(bytes) {
            // A copy of just these bytes (a view may sit in a larger buffer, such as a bundle's), handed over whole.
            const copy = bytes.slice();
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

/** The SHA-256 of some bytes, as lowercase hex. */
export function sha256Hex(bytes) {
    const hash = sha256Stream();
    hash.update(bytes);
    return hash.hex();
}

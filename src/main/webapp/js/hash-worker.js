// Computes the SHA-256 of files a slice at a time, off the page's main thread, with hash-wasm's
// WebAssembly SHA-256 (vendor/). Messages: {id, op: 'start' | 'update' | 'digest' | 'drop', bytes};
// 'digest' answers {id, hex}; each update's buffer is handed back ({buffer}) once hashed, for
// reuse. The hashers of a file are chained, so slices are taken in order even while the first is
// still being made.
importScripts('../vendor/hash-wasm-sha256.umd.min.js');

const hashers = new Map();

onmessage = ({data: {id, op, bytes}}) => {
    switch (op) {
        case 'start':
            hashers.set(id, hashwasm.createSHA256().then(hasher => hasher.init()));
            break;
        case 'update':
            hashers.set(id, hashers.get(id).then(hasher => {
                hasher.update(bytes);
                postMessage({buffer: bytes.buffer}, [bytes.buffer]);
                return hasher;
            }));
            break;
        case 'digest':
            hashers.get(id).then(hasher => postMessage({id, hex: hasher.digest('hex')}));
            hashers.delete(id);
            break;
        case 'drop':
            hashers.delete(id);
            break;
    }
};

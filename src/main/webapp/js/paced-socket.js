// A WebSocket that reads its next message only when the page is ready for it: built on the
// browser's WebSocketStream, whose messages wait in the network until read, so that a page that
// cannot keep up (its hashing falls behind) slows the server down, and through it the sender,
// instead of piling the bytes up in its own memory. A browser's WebSocket hands every message to
// the page as it comes, with no way to hold it back.

/**
 * The part of the WebSocket interface that a Connection uses (send, bufferedAmount, readyState,
 * close, onopen, onmessage, onclose), over a WebSocketStream; `ready()` gives a promise that
 * resolves when the page may take the next message. Messages come as strings and ArrayBuffers, as
 * a WebSocket's do with binaryType 'arraybuffer'. Use it where pacedSocketsWork().
 */
export class PacedSocket {
    constructor(url, protocol, ready) {
        this.readyState = WebSocket.CONNECTING;
        this.bufferedAmount = 0;
        this.onopen = null;
        this.onmessage = null;
        this.onclose = null;
        this.stream = new WebSocketStream(url, {protocols: [protocol]});
        this.stream.opened.then(({readable, writable}) => {
            this.writer = writable.getWriter();
            this.readyState = WebSocket.OPEN;
            this.handle(() => this.onopen?.());
            return this.read(readable.getReader(), ready);
        }).catch(() => undefined); // a failed handshake or a broken connection: reported by `closed`, below
        this.stream.closed.then(({closeCode, reason}) => this.ended(closeCode ?? 1005, reason),
            () => this.ended(1006, ''));
    }

    async read(reader, ready) {
        for (;;) {
            await ready();
            const {value, done} = await reader.read();
            if (done) {
                return;
            }
            this.handle(() => this.onmessage?.({data: typeof value === 'string' || value instanceof ArrayBuffer ? value : ownBuffer(value)}));
        }
    }

    /** Runs a handler; what it throws is reported, as for a WebSocket's handler, and the next messages still come. */
    handle(handler) {
        try {
            handler();
        } catch (problem) {
            reportError(problem);
        }
    }

    /** Sends a string or bytes; the bytes are copied at once, as a WebSocket does (a stream would read them later). */
    send(data) {
        if (this.readyState !== WebSocket.OPEN) {
            return;
        }
        const message = typeof data === 'string' ? data : data.slice();
        const size = typeof message === 'string' ? message.length : message.byteLength;
        this.bufferedAmount += size;
        this.writer.write(message).catch(() => undefined).finally(() => this.bufferedAmount -= size);
    }

    close(code = 1000) {
        if (this.readyState < WebSocket.CLOSING) {
            this.readyState = WebSocket.CLOSING;
            this.stream.close({closeCode: code});
        }
    }

    ended(code, reason) {
        if (this.readyState !== WebSocket.CLOSED) {
            this.readyState = WebSocket.CLOSED;
            this.onclose?.({code, reason});
        }
    }
}

/** Whether this browser has what a PacedSocket needs. */
export function pacedSocketsWork() {
    return typeof WebSocketStream === 'function';
}

/** A binary message's bytes as an ArrayBuffer of their own. */
function ownBuffer(bytes) {
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer
        : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

// What the send and receive pages share: the server address, the topic and the connection badge.

import {Connection, defaultEndpoint, describeProgress, formatDuration} from './connection.js';

/** The topic in the page's address (?topic=…), or ''. */
export function topicFromAddress() {
    return new URLSearchParams(location.search).get('topic') || '';
}

/** Puts the topic into the page's address, so the address can be shared or bookmarked. */
export function rememberTopic(topic) {
    const url = new URL(location.href);
    url.searchParams.set('topic', topic);
    history.replaceState(null, '', url);
}

/** The server address field: the page's own server unless the person changed it (kept in ?server=). */
export function serverAddress(field) {
    field.value = new URLSearchParams(location.search).get('server') || defaultEndpoint(location);
    return field.value;
}

/** The address to connect to: the field's, with the page's token (?token=…, when the server requires one). */
function withToken(address) {
    const token = new URLSearchParams(location.search).get('token');
    if (!token) {
        return address;
    }
    const url = new URL(address);
    url.searchParams.set('token', token);
    return url.toString();
}

/** Opens a connection and keeps the badge telling its state, in words; sinkFor and paced as for Connection. */
export function connect(url, badge, {sinkFor, paced} = {}) {
    const connection = new Connection(withToken(url), sinkFor, {paced});
    connection.addEventListener('state', event => {
        const {state, retryInMs, reason} = event.detail;
        badge.dataset.state = state;
        badge.textContent = state === 'connected' ? 'Connected'
            : state === 'connecting' ? 'Connecting…'
                : retryInMs ? `Disconnected (${reason}); trying again in ${formatDuration(retryInMs / 1000)}`
                    : 'Disconnected';
    });
    return connection;
}

/** A sentence for an error the server sent, by its code. */
export function explain(error) {
    switch (error.code) {
        case 'too-large':
            return 'Too large for this server: ' + error.message;
        case 'invalid-topic':
            return 'That topic cannot be used: ' + error.message;
        case 'invalid-name':
            return 'That file name cannot be used: ' + error.message;
        default:
            return error.message;
    }
}

/** A list item for a file: name, size, progress bar and a status line. */
export function fileRow(name, sizeText) {
    const row = document.createElement('li');
    row.className = 'file';
    row.dataset.name = name;
    const title = document.createElement('span');
    title.className = 'name';
    title.textContent = name;
    const size = document.createElement('span');
    size.className = 'size';
    size.textContent = sizeText;
    const bar = document.createElement('progress');
    bar.max = 1;
    bar.value = 0;
    bar.setAttribute('aria-label', 'Progress of ' + name);
    const status = document.createElement('span');
    status.className = 'status';
    status.setAttribute('role', 'status');
    row.append(title, size, bar, status);
    return {row, bar, status};
}

/**
 * A progress display that redraws at most every 100 ms: slices arrive hundreds of times a second,
 * and redrawing for each costs the page's main thread more than the slice itself.
 */
export function progressDisplay(bar, status) {
    let shownAt = -Infinity;
    return (done, total, startedAt) => {
        const now = performance.now();
        if (now - shownAt >= 100) {
            shownAt = now;
            bar.value = total === 0 ? 1 : done / total;
            status.textContent = describeProgress(done, total, startedAt);
        }
    };
}

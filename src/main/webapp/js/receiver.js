// The receive page: subscribes to the topic in its address, lists files as they arrive with a
// progress bar, and offers each one for download only once it is whole and verified.

import {describeProgress, formatBytes} from './connection.js';
import {connect, explain, fileRow, rememberTopic, serverAddress, topicFromAddress} from './page.js';

const list = document.getElementById('list');
const message = document.getElementById('message');
const autoSave = document.getElementById('auto-save');
const serverField = document.getElementById('server');
const badge = document.getElementById('state');
/** Files arriving or arrived, by the server's id: their row parts and when they started. */
const files = new Map();
let connection = null;

autoSave.checked = localStorage.getItem('wsfile.autoSave') === 'true';
autoSave.addEventListener('change', () => localStorage.setItem('wsfile.autoSave', autoSave.checked));
serverField.addEventListener('change', () => start(topicFromAddress()));
serverAddress(serverField);

const topic = topicFromAddress();
if (topic) {
    start(topic);
} else {
    // Nothing to connect for yet: no badge, rather than one that reads as a fault.
    badge.classList.add('hidden');
    const form = document.getElementById('choose');
    form.classList.remove('hidden');
    form.addEventListener('submit', event => {
        event.preventDefault();
        const chosen = document.getElementById('topic').value.trim();
        if (chosen) {
            form.classList.add('hidden');
            rememberTopic(chosen);
            start(chosen);
        }
    });
}

function start(topic) {
    if (connection) {
        connection.stop();
    }
    document.getElementById('receiving').classList.remove('hidden');
    badge.classList.remove('hidden');
    document.getElementById('topic-name').textContent = topic;
    document.getElementById('to-sender').href = 'sender.html' + location.search;
    showShareLink();
    connection = connect(serverField.value, badge);
    connection.addEventListener('incoming', event => incoming(event.detail));
    connection.addEventListener('progress', event => progress(event.detail));
    connection.addEventListener('received', event => received(event.detail));
    connection.addEventListener('lost', event => lost(event.detail));
    connection.addEventListener('problem', event => {
        message.textContent = explain(event.detail);
    });
    connection.addEventListener('subscribed', () => {
        message.textContent = '';
    });
    connection.subscribe(topic);
}

/** The link to this page and its QR code, drawn here (as SVG) from the page's own address. */
function showShareLink() {
    const address = location.href;
    const link = document.getElementById('share-link');
    link.href = address;
    document.getElementById('share-text').textContent = address;
    const code = qrcode(0, 'M');
    code.addData(address);
    code.make();
    document.getElementById('qr').innerHTML = code.createSvgTag({cellSize: 4, margin: 2, scalable: true});
}

function incoming(header) {
    document.getElementById('empty').classList.add('hidden');
    const shown = fileRow(header.name, formatBytes(header.size));
    shown.row.dataset.state = 'arriving';
    const sentAt = new Date(header.sentAt);
    shown.status.textContent = 'Arriving · sent ' + sentAt.toLocaleTimeString();
    list.prepend(shown.row);
    files.set(header.id, {...shown, header, sentAt, startedAt: performance.now()});
}

function progress({id, received}) {
    const file = files.get(id);
    if (file) {
        file.bar.value = file.header.size === 0 ? 1 : received / file.header.size;
        file.status.textContent = describeProgress(received, file.header.size, file.startedAt);
    }
}

function received({id, blob}) {
    const file = files.get(id);
    if (!file) {
        return;
    }
    const url = URL.createObjectURL(blob);
    file.bar.value = 1;
    file.row.dataset.state = 'received';
    file.status.textContent = 'Received whole · sent ' + file.sentAt.toLocaleTimeString();
    const download = document.createElement('a');
    download.className = 'button';
    download.href = url;
    download.download = file.header.name;
    download.textContent = 'Download';
    download.setAttribute('aria-label', 'Download ' + file.header.name);
    file.row.append(download);
    if (file.header.mime.startsWith('image/')) {
        const preview = document.createElement('img');
        preview.src = url;
        preview.alt = 'Preview of ' + file.header.name;
        file.row.append(preview);
    }
    if (autoSave.checked) {
        download.click();
    }
}

function lost({id, reason}) {
    const file = files.get(id);
    if (file) {
        file.row.dataset.state = 'lost';
        file.bar.remove();
        file.status.textContent = 'Not complete, not saved: ' + reason;
    }
}

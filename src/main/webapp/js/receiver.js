// The receive page: subscribes to the topic in its address, lists files as they arrive with a
// progress bar, and saves each one where the person chose (js/saving.js): into a folder or the
// downloads as it arrives, or offered for download once it is whole and verified.

import {formatBytes} from './connection.js';
import {connect, explain, fileRow, progressDisplay, rememberTopic, serverAddress, topicFromAddress} from './page.js';
import {Saving} from './saving.js';

const list = document.getElementById('list');
const message = document.getElementById('message');
const autoSave = document.getElementById('auto-save');
const serverField = document.getElementById('server');
const badge = document.getElementById('state');
/** Files arriving or arrived, by the server's id: their row parts and when they started. */
const files = new Map();
let connection = null;

const saving = new Saving();
/** Web addresses in a text: http(s) only, without the punctuation that usually follows one in a sentence. */
const WEB_ADDRESS = /https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]]/g;

autoSave.checked = localStorage.getItem('wsfile.autoSave') === 'true';
saving.automatic = autoSave.checked;
autoSave.addEventListener('change', () => {
    localStorage.setItem('wsfile.autoSave', autoSave.checked);
    saving.automatic = autoSave.checked;
});
offerFolders();
saving.holdsFilesInMemory().then(inMemory => {
    if (inMemory) {
        document.getElementById('memory-notice').textContent = 'At this address (plain http://) the browser cannot'
            + ' write files to disk as they arrive: it holds each file until it is whole, which fails for files larger'
            + ' than its free memory (on a phone, possibly a few hundred MB). For large files, open this page at an'
            + ' https:// address, or on the computer that runs the server.';
    }
});
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
    connection = connect(serverField.value, badge, {sinkFor: (header, failed) => saving.sinkFor(header, failed), paced: true});
    connection.addEventListener('incoming', event => incoming(event.detail));
    connection.addEventListener('progress', event => progress(event.detail));
    connection.addEventListener('received', event => received(event.detail));
    connection.addEventListener('lost', event => lost(event.detail));
    connection.addEventListener('paused', event => paused(event.detail));
    connection.addEventListener('resumed', event => resumed(event.detail));
    connection.addEventListener('problem', event => {
        message.textContent = explain(event.detail);
    });
    connection.addEventListener('subscribed', () => {
        message.textContent = '';
    });
    connection.addEventListener('state', ({detail}) => {
        // Offered only where the server keeps a history of its topics.
        document.getElementById('history-choice').classList.toggle('hidden', !(detail.state === 'connected' && connection.history > 0));
    });
    const last = Number(new URLSearchParams(location.search).get('last'));
    connection.subscribe(topic, last > 0 ? {last} : {});
}

document.getElementById('history-choice').addEventListener('submit', event => {
    event.preventDefault();
    const last = Number(document.getElementById('last').value);
    if (connection && last > 0) {
        connection.subscribe(topicFromAddress(), {last});
    }
});

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
    const shown = fileRow(header.kind === 'text' ? 'Text' : header.name, formatBytes(header.size));
    shown.row.dataset.state = 'arriving';
    const sentAt = new Date(header.sentAt);
    shown.status.textContent = 'Arriving · sent ' + sentAt.toLocaleTimeString();
    list.prepend(shown.row);
    files.set(header.id, {...shown, header, sentAt, startedAt: performance.now(), show: progressDisplay(shown.bar, shown.status)});
}

function progress({id, received}) {
    const file = files.get(id);
    if (file) {
        file.show(received, file.header.size, file.startedAt);
    }
}

/** The folder choice, where the browser lets pages write into folders: none, one in use, or one to use again. */
async function offerFolders() {
    if (!Saving.canUseFolders()) {
        return;
    }
    const choice = document.getElementById('folder-choice');
    const state = document.getElementById('folder-state');
    const choose = document.getElementById('choose-folder');
    const reuse = document.getElementById('reuse-folder');
    const stop = document.getElementById('stop-folder');
    const show = (folder, inUse) => {
        choice.classList.remove('hidden');
        document.getElementById('automatic').classList.toggle('hidden', inUse);
        state.textContent = inUse ? `Saving every file into the folder “${folder.name}” as it arrives.` : '';
        choose.textContent = inUse ? 'Choose another folder…' : 'Save into a folder…';
        stop.classList.toggle('hidden', !inUse);
        reuse.classList.toggle('hidden', inUse || !folder);
        if (folder && !inUse) {
            reuse.textContent = `Save into “${folder.name}” again`;
            reuse.onclick = () => saving.useFolder(folder).then(() => show(folder, true), problem => {
                message.textContent = problem.message;
            });
        }
    };
    choose.addEventListener('click', () => saving.chooseFolder().then(folder => show(folder, true), problem => {
        if (problem.name !== 'AbortError') { // not when the person closed the picker
            message.textContent = 'That folder cannot be used: ' + problem.message;
        }
    }));
    stop.addEventListener('click', () => saving.stopUsingFolder().then(() => show(null, false)));
    const remembered = await saving.rememberedFolder();
    show(remembered && remembered.folder, Boolean(remembered && remembered.usable));
}

function received({id, blob, place, folder, path}) {
    const file = files.get(id);
    if (!file) {
        return;
    }
    file.bar.value = 1;
    file.row.dataset.state = 'received';
    const sent = ' · sent ' + file.sentAt.toLocaleTimeString();
    if (file.header.kind === 'text') {
        blob.text().then(text => showText(file, text, sent));
        return;
    }
    if (place === 'folder') {
        file.status.textContent = `Received whole · saved into “${folder}” as ${path}` + sent;
        return;
    }
    if (place === 'downloads') {
        file.status.textContent = 'Received whole · saved to your downloads' + sent;
        return;
    }
    const url = URL.createObjectURL(blob);
    file.status.textContent = 'Received whole' + sent;
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

/** A text as text (never as HTML), its web addresses as links that open apart from this page, and a Copy button. */
function showText(file, text, sent) {
    file.row.classList.add('text');
    file.bar.remove();
    file.status.textContent = 'Text' + sent;
    const shown = document.createElement('p');
    shown.className = 'text-content';
    let rest = 0;
    for (const match of text.matchAll(WEB_ADDRESS)) {
        shown.append(text.slice(rest, match.index));
        const link = document.createElement('a');
        link.href = match[0];
        link.textContent = match[0];
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        shown.append(link);
        rest = match.index + match[0].length;
    }
    shown.append(text.slice(rest));
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'secondary';
    copy.textContent = 'Copy';
    copy.setAttribute('aria-label', 'Copy the text');
    copy.addEventListener('click', () => navigator.clipboard.writeText(text).then(
        () => copy.textContent = 'Copied',
        () => copy.textContent = 'Could not copy: select the text instead'));
    file.row.append(shown, copy);
}

/** The connection was lost mid-file: what arrived is kept, and the rest is asked for once it is back. */
function paused({id, received}) {
    const file = files.get(id);
    if (file) {
        file.row.dataset.state = 'paused';
        file.status.textContent = `Connection lost at ${formatBytes(received)} · the rest will come when it is back`;
    }
}

/** The rest of a file a lost connection cut off is coming, under a new id. */
function resumed({from, to, received}) {
    const file = files.get(from);
    if (file) {
        files.delete(from);
        files.set(to, file);
        file.row.dataset.state = 'arriving';
        file.status.textContent = `Resuming from ${formatBytes(received)}`;
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

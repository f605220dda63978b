// The send page: files or folders picked or dropped are listed, then sent one after another to the topic,
// each with a progress bar, a cancel button and, at the end, how many people got it.

import {formatBytes} from './connection.js';
import {droppedFiles, pickedFiles} from './folders.js';
import {connect, explain, fileRow, progressDisplay, rememberTopic, serverAddress, topicFromAddress} from './page.js';

const form = document.getElementById('form');
const topicField = document.getElementById('topic');
const picker = document.getElementById('files');
const folderPicker = document.getElementById('folder');
const drop = document.getElementById('drop');
const sendButton = document.getElementById('send');
const message = document.getElementById('message');
const list = document.getElementById('list');
const serverField = document.getElementById('server');
const textField = document.getElementById('text');

let connection = connect(serverAddress(serverField), document.getElementById('state'));
/** Files chosen and not yet sent, each with its row. */
const waiting = [];
let sending = false;

topicField.value = topicFromAddress();
document.getElementById('to-receiver').href = 'receiver.html' + location.search;

serverField.addEventListener('change', () => {
    connection.stop();
    connection = connect(serverField.value, document.getElementById('state'));
});

for (const input of [picker, folderPicker]) {
    input.addEventListener('change', () => {
        add(pickedFiles(input.files));
        input.value = '';
    });
}
drop.addEventListener('dragover', event => {
    event.preventDefault();
    drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', event => {
    event.preventDefault();
    drop.classList.remove('over');
    droppedFiles(event.dataTransfer).then(add, problem => {
        message.textContent = 'Could not read what was dropped: ' + problem.message;
    });
});
textField.addEventListener('input', enableSend);
document.getElementById('clear').addEventListener('click', () => {
    list.querySelectorAll('.file[data-state=delivered], .file[data-state=failed], .file[data-state=refused]')
        .forEach(row => row.remove());
});

form.addEventListener('submit', event => {
    event.preventDefault();
    const topic = topicField.value.trim();
    if (!topic) {
        message.textContent = 'Enter a topic first: it is what receivers subscribe to.';
        topicField.focus();
        return;
    }
    message.textContent = '';
    rememberTopic(topic);
    if (textField.value.trim()) {
        sendText(topic, textField.value);
        textField.value = '';
        enableSend();
    }
    sendAll(topic);
});

function enableSend() {
    sendButton.disabled = waiting.length === 0 && !textField.value.trim();
}

/** Sends a text, listed as the files are, with how many got it. */
function sendText(topic, text) {
    const shown = fileRow('Text', formatBytes(new Blob([text]).size));
    shown.row.dataset.state = 'sending';
    shown.status.textContent = text.length > 60 ? text.slice(0, 60) + '…' : text;
    list.append(shown.row);
    const transfer = connection.sendText(topic, text);
    showOutcome(transfer, null, shown);
}

/** Lists files to send, each {file, name}: the name receivers see. */
function add(files) {
    for (const {file, name} of files) {
        const shown = fileRow(name, formatBytes(file.size));
        shown.row.dataset.state = 'waiting';
        shown.status.textContent = 'Ready to send';
        list.append(shown.row);
        waiting.push({file, name, ...shown});
    }
    enableSend();
}

async function sendAll(topic) {
    if (sending) {
        return;
    }
    sending = true;
    sendButton.disabled = true;
    // Each file starts once the one before is handed over, without waiting for its receipt, so
    // that small files travel together in bundles.
    const outcomes = [];
    while (waiting.length > 0) {
        const {sent, outcome} = sendOne(topic, waiting.shift());
        outcomes.push(outcome);
        await sent;
    }
    await Promise.all(outcomes);
    sending = false;
}

/** Starts sending a file; returns {sent, outcome}, promises of the file handed over and of its row showing how it fared. */
function sendOne(topic, {file, name, row, bar, status}) {
    row.dataset.state = 'sending';
    const startedAt = performance.now();
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'secondary';
    cancel.textContent = 'Cancel';
    cancel.setAttribute('aria-label', 'Cancel sending ' + name);
    row.append(cancel);
    const show = progressDisplay(bar, status);
    const transfer = connection.sendFile(topic, file, sent => show(sent, file.size, startedAt), name);
    return {sent: transfer.sent, outcome: showOutcome(transfer, cancel, {bar, row, status})};
}

/** Shows how a file or text fared; `cancel` is the file's Cancel button (a text has none). */
async function showOutcome(transfer, cancel, {bar, row, status}) {
    cancel?.addEventListener('click', () => transfer.cancel());
    transfer.onReceiving(sofar => {
        status.textContent = `Received by ${sofar.completed} of ${sofar.offered} so far, ${sofar.receiving} still receiving`;
    });
    try {
        const receipt = await transfer.done;
        bar.value = 1;
        row.dataset.state = receipt.completed > 0 || receipt.offered === 0 ? 'delivered' : 'failed';
        row.dataset.completed = receipt.completed;
        status.textContent = receipt.offered === 0
            ? 'Sent, but nobody is receiving this topic right now'
            : `Received by ${receipt.completed} of ${receipt.offered}`
            + (receipt.failed.length ? ` (not by others: ${receipt.failed.join('; ')})` : '');
    } catch (problem) {
        row.dataset.state = problem.code ? 'refused' : 'failed';
        status.textContent = problem.code ? explain(problem)
            : problem.message === 'cancelled' ? 'Cancelled' : 'Not sent: ' + problem.message;
    } finally {
        cancel?.remove();
    }
}

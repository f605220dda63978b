// The status page: what the server is doing, read from ./status every two seconds.

import {formatBytes} from './connection.js';

const REFRESH_MS = 2000;
const badge = document.getElementById('state');

async function refresh() {
    try {
        // A token in the page's address (needed when the server requires tokens) goes along.
        const response = await fetch('status' + location.search, {cache: 'no-store'});
        if (!response.ok) {
            throw new Error('the server answered ' + response.status);
        }
        show(await response.json());
        badge.dataset.state = 'connected';
        badge.textContent = 'Live · updated ' + new Date().toLocaleTimeString();
    } catch (problem) {
        badge.dataset.state = 'disconnected';
        badge.textContent = 'Cannot reach the server: ' + problem.message;
    }
    setTimeout(refresh, REFRESH_MS);
}

function show(status) {
    const totals = status.totals;
    document.getElementById('summary').textContent = `Since ${new Date(status.startedAt).toLocaleString()}: `
        + `${totals.files} files relayed (${formatBytes(totals.bytes)}), ${totals.aborted} aborted, `
        + `${totals.dropped} slow connections dropped. ${status.connections} connections open now.`;
    document.getElementById('cluster').textContent = describeCluster(status.node);

    const transfers = document.getElementById('transfers');
    transfers.replaceChildren(...status.transfers.map(transfer => {
        const row = document.createElement('li');
        row.className = 'file';
        row.dataset.name = transfer.name;
        const name = document.createElement('span');
        name.className = 'name';
        name.textContent = `${transfer.name} → ${transfer.topic}`;
        const size = document.createElement('span');
        size.textContent = formatBytes(transfer.size);
        const bar = document.createElement('progress');
        bar.max = Math.max(1, transfer.size);
        bar.value = transfer.received;
        bar.setAttribute('aria-label', 'Progress of ' + transfer.name);
        const detail = document.createElement('span');
        detail.className = 'status';
        detail.textContent = `${formatBytes(transfer.received)} of ${formatBytes(transfer.size)} · `
            + `to ${transfer.subscribers} subscriber${transfer.subscribers === 1 ? "" : "s"} · started ${new Date(transfer.sentAt).toLocaleTimeString()}`;
        row.append(name, size, bar, detail);
        return row;
    }));
    document.getElementById('no-transfers').classList.toggle('hidden', status.transfers.length > 0);

    const table = document.getElementById('topics');
    table.tBodies[0].replaceChildren(...status.topics.map(({topic, subscribers, otherServers, historyBytes}) => {
        const row = document.createElement('tr');
        row.insertCell().textContent = topic;
        row.insertCell().textContent = subscribers;
        row.insertCell().textContent = otherServers.length === 0 ? '—' : otherServers.join(', ');
        row.insertCell().textContent = historyBytes > 0 ? formatBytes(historyBytes) : '—';
        return row;
    }));
    table.classList.toggle('hidden', status.topics.length === 0);
    document.getElementById('no-topics').classList.toggle('hidden', status.topics.length > 0);
}

/** This server's place in its cluster: on its own, or its name and the other servers it hears from. */
function describeCluster(node) {
    if (node.broker === 'local') {
        return 'This server works on its own (no cluster).';
    }
    const peers = node.peers.map(peer => `${peer.node} (${peer.topics} topic${peer.topics === 1 ? '' : 's'})`);
    return `Server ${node.id} of a cluster, ${node.connected ? 'connected to NATS' : 'NOT connected to NATS: reconnecting'}; `
        + (peers.length === 0 ? 'no other server heard from. ' : `other servers: ${peers.join(', ')}. `)
        + `Sent to them ${formatBytes(node.publishedBytes)}, received ${formatBytes(node.receivedBytes)}`
        + `, ${node.droppedPeers} lost.`;
}

refresh();

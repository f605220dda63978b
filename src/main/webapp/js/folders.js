// Folders on the send page: what a folder picker or a drop gives, as files with the names
// receivers see, a folder's files named by their path within it (`photos/board-1.jpg`), as the
// command line names them.

/** The files of a picker's `FileList`: a folder picker's with their relative paths. */
export function pickedFiles(fileList) {
    return [...fileList].map(file => ({file, name: file.webkitRelativePath || file.name}));
}

/**
 * The files of a drop, those of dropped folders included, with their paths. Browsers without
 * `webkitGetAsEntry` give the dropped files alone.
 */
export async function droppedFiles(dataTransfer) {
    const items = [...(dataTransfer.items || [])];
    if (items.length === 0 || typeof items[0].webkitGetAsEntry !== 'function') {
        return pickedFiles(dataTransfer.files);
    }
    // Entries are taken before anything is awaited: the drop's items are gone once its handler returns.
    return entriesFiles(items.map(item => item.webkitGetAsEntry()).filter(entry => entry !== null));
}

/** The files under these file-system entries (files and directories), depth first, in name order. */
export async function entriesFiles(entries) {
    const files = [];
    for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.isFile) {
            const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
            files.push({file, name: entry.fullPath.replace(/^\/+/, '')});
        } else if (entry.isDirectory) {
            files.push(...await entriesFiles(await allEntries(entry.createReader())));
        }
    }
    return files;
}

/** A directory reader gives its entries a batch at a time, until an empty one. */
async function allEntries(reader) {
    const entries = [];
    for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) {
            return entries;
        }
        entries.push(...batch);
    }
}

package org.wsfile.client;

import java.util.List;

/**
 * The server's account of one sent file.
 *
 * @param offered   how many subscribers it was offered to
 * @param completed how many of them received it whole
 * @param failed    why each of the others did not
 */
public record Receipt(int offered, int completed, List<String> failed) {
    public Receipt {
        failed = List.copyOf(failed);
    }

    /** How many subscribers are still receiving the file: none in the receipt the server sends once all are done. */
    public int receiving() {
        return offered - completed - failed.size();
    }
}

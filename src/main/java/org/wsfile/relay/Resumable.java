package org.wsfile.relay;

/** A file in flight whose bytes the server holds from its first on, so that a receiver cut off mid-file can resume it. */
public interface Resumable {
    FileOffer offer();

    /**
     * Delivers the file from {@code offset} on through {@code receiver}, from what the server holds and
     * then as its bytes come; the delivery counts in no receipt.
     *
     * @return false, delivering nothing, if the file is over or the server no longer holds its bytes from there
     */
    boolean resume(long offset, Resumption receiver);
}

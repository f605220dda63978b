package org.wsfile.protocol.legacy;

/**
 * A file in the original protocol's wire form. The base64 content stays a slice of the frame it
 * arrived in ({@code frame[dataStart..]}), so a file of hundreds of megabytes is never copied: every
 * subscriber is sent fragments of the same string.
 *
 * @param topic       the topic it was sent to
 * @param mime        the mime type as the sender gave it (may be empty)
 * @param name        the file name as the sender gave it
 * @param frame       the whole frame the file arrived in
 * @param dataStart   index in {@code frame} where the base64 content begins
 * @param decodedSize the size of the file in bytes
 */
public record LegacyFile(String topic, String mime, String name, String frame, int dataStart, long decodedSize) {

    /** How many base64 characters the content has. */
    public int base64Length() {
        return frame.length() - dataStart;
    }

    /** The part of a delivery frame that precedes the content: {@code {mime}:{file name}:}. */
    public String deliveryHeader() {
        return mime + ':' + name + ':';
    }
}

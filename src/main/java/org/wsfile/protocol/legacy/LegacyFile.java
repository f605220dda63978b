package org.wsfile.protocol.legacy;

/**
 * A file in the original protocol's wire form, already checked by {@link LegacyParser}. The base64
 * content stays a slice of the frame it arrived in ({@code frame[dataStart..]}) and is decoded a
 * slice at a time as it is relayed, so the file is never held twice.
 *
 * @param topic       the topic it was sent to
 * @param mime        the mime type as the sender gave it (may be empty)
 * @param name        the file name as the sender gave it
 * @param frame       the whole frame the file arrived in
 * @param dataStart   index in {@code frame} where the base64 content begins
 * @param decodedSize the size of the file in bytes
 */
public record LegacyFile(String topic, String mime, String name, String frame, int dataStart, long decodedSize) {

    /** The content, to be decoded one slice after another. */
    public Base64Slices content() {
        return new Base64Slices(frame, dataStart);
    }
}

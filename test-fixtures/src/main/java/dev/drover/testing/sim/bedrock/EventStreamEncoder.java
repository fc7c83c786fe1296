package dev.drover.testing.sim.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes one message of the AWS event stream ({@code application/vnd.amazon.eventstream}), the binary framing that
 * ConverseStream answers in.
 *
 * <p>Frame layout, all integers big-endian: total length (4 bytes, the whole frame), headers length (4), prelude
 * CRC32 over those 8 bytes (4), the headers, the payload, and a message CRC32 over everything before it (4). Each
 * header is name length (1 byte), name (UTF-8), value type (1 byte; 7 = string), value length (2), value (UTF-8).
 * Only string headers are written: they are all an event stream response needs.
 */
final class EventStreamEncoder {

    private static final byte STRING_HEADER = 7;

    private EventStreamEncoder() {
    }

    /** A frame for event {@code eventType} carrying a JSON payload, with the three headers a response event has. */
    static byte[] event(String eventType, byte[] jsonPayload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        return frame(headers, jsonPayload);
    }

    /** A frame reporting a modelled error mid-stream ({@code :message-type exception}). */
    static byte[] exception(String exceptionType, byte[] jsonPayload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", exceptionType);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "exception");
        return frame(headers, jsonPayload);
    }

    static byte[] frame(Map<String, String> headers, byte[] payload) {
        byte[] encodedHeaders = encodeHeaders(headers);
        int total = 12 + encodedHeaders.length + payload.length + 4;
        ByteBuffer buf = ByteBuffer.allocate(total);
        buf.putInt(total).putInt(encodedHeaders.length);
        buf.putInt(crc(buf.array(), 0, 8));
        buf.put(encodedHeaders).put(payload);
        buf.putInt(crc(buf.array(), 0, total - 4));
        return buf.array();
    }

    private static byte[] encodeHeaders(Map<String, String> headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            out.write(n.length);
            out.writeBytes(n);
            out.write(STRING_HEADER);
            out.write((v.length >>> 8) & 0xff);
            out.write(v.length & 0xff);
            out.writeBytes(v);
        });
        return out.toByteArray();
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}

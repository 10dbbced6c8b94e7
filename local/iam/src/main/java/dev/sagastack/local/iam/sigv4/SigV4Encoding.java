package dev.sagastack.local.iam.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * URI encoding as SigV4 defines it ("Create a signed AWS API request", UriEncode): every byte
 * except the unreserved characters A-Z a-z 0-9 - _ . ~ is %XX with upper-case hex.
 */
final class SigV4Encoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SigV4Encoding() {
    }

    static String uriEncode(String value, boolean keepSlash) {
        StringBuilder out = null;
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = b < 0x80 && (Character.isLetterOrDigit(b) || b == '-' || b == '_' || b == '.' || b == '~'
                    || (keepSlash && b == '/'));
            if (plain && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(bytes.length + 16);
                out.append(value, 0, i); // bytes before i are unreserved ASCII: one char each
            }
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out == null ? value : out.toString();
    }

    /** Decodes %XX escapes only; a '+' stays a '+', as the SDKs encode spaces as %20. */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(raw, 0, raw.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The canonical URI of a non-S3 request: the path normalised (RFC 3986 dot segments removed)
     * and each segment URI-encoded twice. The path arrives encoded once, so it is encoded once more.
     */
    static String canonicalUri(String rawPath) {
        String normalized = normalize(rawPath);
        return uriEncode(normalized, true);
    }

    private static String normalize(String path) {
        if (path.indexOf("/.") < 0 && path.indexOf("//") < 0) {
            return path.startsWith("/") ? path : "/" + path;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else {
                segments.add(segment);
            }
        }
        String joined = "/" + String.join("/", segments);
        return !segments.isEmpty() && path.endsWith("/") ? joined + "/" : joined;
    }
}

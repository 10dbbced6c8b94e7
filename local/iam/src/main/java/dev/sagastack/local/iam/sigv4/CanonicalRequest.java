package dev.sagastack.local.iam.sigv4;

import dev.sagastack.local.iam.HttpRequestView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The canonical request of SigV4 ("Create a signed AWS API request", step 1):
 * method, canonical URI, canonical query string, canonical headers, signed headers and the
 * hashed payload, each on its own line.
 */
final class CanonicalRequest {

    private static final Comparator<String[]> BY_NAME_THEN_VALUE =
            Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]);

    private CanonicalRequest() {
    }

    static String build(HttpRequestView request, SignedRequestParts parts, String payloadHash) {
        StringBuilder out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(SigV4Encoding.canonicalUri(request.rawPath())).append('\n');
        out.append(canonicalQuery(request.rawQuery(), parts.presigned())).append('\n');
        for (String name : parts.signedHeaders()) {
            out.append(name).append(':').append(canonicalHeaderValue(request.headerValues(name))).append('\n');
        }
        out.append('\n').append(String.join(";", parts.signedHeaders())).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    /**
     * The payload hashes the signer may have used. Outside S3 the service hashes the body itself, so
     * an x-amz-content-sha256 header only matters when it declares UNSIGNED-PAYLOAD; a presigned
     * request was signed either with the body's hash or with UNSIGNED-PAYLOAD.
     */
    static List<String> payloadHashes(HttpRequestView request, boolean presigned) {
        String bodyHash = request.body().length == 0 ? Hashing.EMPTY_SHA256 : Hashing.sha256Hex(request.body());
        Optional<String> declared = request.header("x-amz-content-sha256");
        if (presigned || declared.map(d -> d.trim().equals(SigV4Verifier.UNSIGNED_PAYLOAD)).orElse(false)) {
            return List.of(bodyHash, SigV4Verifier.UNSIGNED_PAYLOAD);
        }
        return List.of(bodyHash);
    }

    private static String canonicalQuery(String rawQuery, boolean presigned) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> encoded = new ArrayList<>();
        for (QueryString.Parameter p : QueryString.decode(rawQuery)) {
            if (presigned && p.name().equals("X-Amz-Signature")) {
                continue;
            }
            encoded.add(new String[]{SigV4Encoding.uriEncode(p.name(), false), SigV4Encoding.uriEncode(p.value(), false)});
        }
        encoded.sort(BY_NAME_THEN_VALUE);
        StringBuilder out = new StringBuilder();
        for (String[] p : encoded) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p[0]).append('=').append(p[1]);
        }
        return out.toString();
    }

    /** Values trimmed, inner runs of spaces collapsed to one, several values joined with commas. */
    private static String canonicalHeaderValue(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int v = 0; v < values.size(); v++) {
            if (v > 0) {
                out.append(',');
            }
            String value = values.get(v).trim();
            boolean space = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == ' ' || c == '\t') {
                    if (!space) {
                        out.append(' ');
                    }
                    space = true;
                } else {
                    out.append(c);
                    space = false;
                }
            }
        }
        return out.toString();
    }
}

package dev.sagastack.local.iam.sigv4;

import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.SignatureFailure;
import dev.sagastack.local.iam.SignatureFailure.Kind;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the signature elements from the Authorization header or from the presigned query string. */
final class SignedRequestParser {

    private SignedRequestParser() {
    }

    /** A {@link SignedRequestParts} or the {@link SignatureFailure} that says what is missing. */
    static Object parse(HttpRequestView request) {
        Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent() && authorization.get().trim().startsWith("AWS4-")) {
            return fromHeader(request, authorization.get().trim());
        }
        Map<String, String> query = QueryString.decodedFirstValues(request.rawQuery());
        if (query.containsKey("X-Amz-Algorithm")) {
            return fromQuery(query);
        }
        return new SignatureFailure(Kind.MISSING_AUTHENTICATION, "Request is missing Authentication Token");
    }

    private static Object fromHeader(HttpRequestView request, String authorization) {
        int space = authorization.indexOf(' ');
        String algorithm = space < 0 ? authorization : authorization.substring(0, space);
        Map<String, String> params = new HashMap<>();
        if (space > 0) {
            for (String part : authorization.substring(space + 1).split(",")) {
                String trimmed = part.trim();
                int eq = trimmed.indexOf('=');
                if (eq > 0) {
                    params.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
                }
            }
        }
        Optional<String> date = request.header("x-amz-date");
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (params.getOrDefault(required, "").isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        if (date.isEmpty()) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            return new SignatureFailure(Kind.INCOMPLETE_SIGNATURE, missing + "Authorization=" + authorization);
        }
        return new SignedRequestParts(false, algorithm, params.get("Credential"),
                Arrays.asList(params.get("SignedHeaders").split(";")), params.get("Signature"), date.get(),
                Optional.empty(), request.header("x-amz-security-token"));
    }

    private static Object fromQuery(Map<String, String> query) {
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders",
                "X-Amz-Date", "X-Amz-Expires")) {
            if (query.getOrDefault(required, "").isEmpty()) {
                missing.append("AWS query-string parameters must include '").append(required).append("'. ");
            }
        }
        if (missing.length() > 0) {
            return new SignatureFailure(Kind.INCOMPLETE_SIGNATURE, missing + "Re-examine the query-string parameters.");
        }
        long expires;
        try {
            expires = Long.parseLong(query.get("X-Amz-Expires"));
        } catch (NumberFormatException e) {
            return new SignatureFailure(Kind.INCOMPLETE_SIGNATURE,
                    "X-Amz-Expires should be a number, got '" + query.get("X-Amz-Expires") + "'");
        }
        return new SignedRequestParts(true, query.get("X-Amz-Algorithm"), query.get("X-Amz-Credential"),
                Arrays.asList(query.get("X-Amz-SignedHeaders").split(";")), query.get("X-Amz-Signature"),
                query.get("X-Amz-Date"), Optional.of(expires),
                Optional.ofNullable(query.get("X-Amz-Security-Token")));
    }
}

package dev.sagastack.local.iam;

import dev.sagastack.local.iam.policy.Evaluation;

import java.util.Map;

/**
 * How each service front end reports a refused signature or a denied call. The table follows
 * the services' pages:
 * <ul>
 * <li>DynamoDB and DynamoDB Streams, Developer Guide "Error handling with DynamoDB"
 * (Programming.Errors): every authentication error and AccessDeniedException is HTTP 400 with
 * {@code __type} {@code com.amazon.coral.service#...}; MissingAuthenticationTokenException
 * "Request is missing Authentication Token", IncompleteSignatureException,
 * UnrecognizedClientException "The security token included in the request is invalid.",
 * InvalidSignatureException for a bad or expired signature ("Signature expired: ...").</li>
 * <li>Step Functions, Systems Manager, Secrets Manager: the same coral errors, HTTP 400, as their API
 * references' "Common Errors" list AccessDeniedException, IncompleteSignature, ... with 400.</li>
 * <li>Lambda, API reference "Common Errors": AccessDeniedException, IncompleteSignature,
 * UnrecognizedClientException are HTTP 403; the error code travels in {@code x-amzn-ErrorType}.</li>
 * <li>API Gateway HTTP API with IAM authorization (Developer Guide "Control access to HTTP APIs with
 * IAM authorization", REST "Gateway response types"): 403 with {@code {"message": ...}}; an unsigned
 * request gets {@code {"message":"Forbidden"}}.</li>
 * <li>RDS IAM database authentication ("Troubleshooting IAM database authentication"): PostgreSQL
 * refuses the login with SQLSTATE 28P01 {@code PAM authentication failed for user "<user>"}.</li>
 * </ul>
 */
public final class ServiceErrors {

    private ServiceErrors() {
    }

    public static ServiceError forFailure(AwsService service, SignatureFailure failure) {
        String code = switch (failure.kind()) {
            case MISSING_AUTHENTICATION -> "MissingAuthenticationTokenException";
            case INCOMPLETE_SIGNATURE -> "IncompleteSignatureException";
            case UNKNOWN_ACCESS_KEY, INVALID_SESSION_TOKEN -> "UnrecognizedClientException";
            case WRONG_SCOPE, SIGNATURE_MISMATCH, EXPIRED -> "InvalidSignatureException";
        };
        if (service.protocol() == AwsService.Protocol.API_GATEWAY) {
            String message = failure.kind() == SignatureFailure.Kind.MISSING_AUTHENTICATION
                    ? "Forbidden" : failure.message();
            return apiGateway(failure.kind() == SignatureFailure.Kind.MISSING_AUTHENTICATION
                    ? "ForbiddenException" : code, message);
        }
        return shaped(service, code, failure.message());
    }

    public static ServiceError forDenial(AwsService service, Evaluation denied) {
        if (denied.allowed()) {
            throw new IllegalArgumentException("not a denial: " + denied.explanation());
        }
        if (service.protocol() == AwsService.Protocol.API_GATEWAY) {
            // API Gateway names principal, action and route ARN, without IAM's reason clause.
            return apiGateway("AccessDeniedException", "User: " + denied.principalArn()
                    + " is not authorized to perform: " + denied.request().action() + " on resource: "
                    + denied.request().resource());
        }
        return shaped(service, "AccessDeniedException", denied.accessDeniedMessage());
    }

    /**
     * What a Step Functions execution records when its role may not invoke a task's function: the
     * Lambda service error as Step Functions' Lambda client reports it (error
     * {@code Lambda.AWSLambdaException}, the AccessDeniedException message followed by the client's
     * service/status/code/request-id suffix), which Retry and Catch match like any other error.
     */
    public static TaskFailure stepFunctionsLambdaTaskFailure(Evaluation denied, String requestId) {
        if (denied.allowed()) {
            throw new IllegalArgumentException("not a denial: " + denied.explanation());
        }
        return new TaskFailure("Lambda.AWSLambdaException", denied.accessDeniedMessage()
                + " (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: "
                + requestId + "; Proxy: null)");
    }

    /** What PostgreSQL answers when an IAM token is refused, whatever the reason. */
    public static ServiceError databaseLoginRefused(String user) {
        String message = "PAM authentication failed for user \"" + user + "\"";
        return new ServiceError(0, "28P01", message, "", message, Map.of());
    }

    private static ServiceError shaped(AwsService service, String code, String message) {
        return switch (service.protocol()) {
            case AWS_JSON_1_0, AWS_JSON_1_1 -> new ServiceError(400, code, message,
                    service.protocol() == AwsService.Protocol.AWS_JSON_1_0
                            ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1",
                    "{\"__type\":\"com.amazon.coral.service#" + code + "\",\"message\":" + quote(message) + "}",
                    Map.of());
            case REST_JSON -> new ServiceError(403, code, message, "application/json",
                    "{\"Type\":\"User\",\"message\":" + quote(message) + "}", Map.of("x-amzn-ErrorType", code));
            case API_GATEWAY -> apiGateway(code, message);
            case POSTGRESQL -> new ServiceError(0, "28P01", message, "", message, Map.of());
        };
    }

    private static ServiceError apiGateway(String code, String message) {
        return new ServiceError(403, code, message, "application/json",
                "{\"message\":" + quote(message) + "}", Map.of("x-amzn-ErrorType", code));
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

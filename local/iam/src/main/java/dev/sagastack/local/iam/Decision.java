package dev.sagastack.local.iam;

import dev.sagastack.local.iam.policy.Evaluation;

import java.util.List;
import java.util.Map;

/** What access control decided on one call, and the error the service answers when it refuses. */
public sealed interface Decision {

    boolean allowed();

    /** Why, in one line for logs and the console. */
    String reason();

    /** The error to answer with; only for refusals. */
    ServiceError error(AwsService service);

    record Allowed(Principal principal, List<Evaluation> evaluations) implements Decision {
        public boolean allowed() {
            return true;
        }

        public String reason() {
            return evaluations.isEmpty() ? "allowed" : evaluations.get(0).explanation();
        }

        public ServiceError error(AwsService service) {
            throw new IllegalStateException("an allowed call has no error");
        }
    }

    /** Authenticated, but a policy does not allow (or explicitly denies) one of the call's actions. */
    record Denied(Principal principal, Evaluation denial) implements Decision {
        public boolean allowed() {
            return false;
        }

        public String reason() {
            return denial.explanation();
        }

        public ServiceError error(AwsService service) {
            return ServiceErrors.forDenial(service, denial);
        }
    }

    record Unauthenticated(SignatureFailure failure) implements Decision {
        public boolean allowed() {
            return false;
        }

        public String reason() {
            return "signature refused (" + failure.kind() + "): " + failure.message();
        }

        public ServiceError error(AwsService service) {
            return ServiceErrors.forFailure(service, failure);
        }
    }

    /** The signature is valid but the call names no operation or resource that could be authorized. */
    record Unreadable(Principal principal, String reason) implements Decision {
        public boolean allowed() {
            return false;
        }

        public ServiceError error(AwsService service) {
            String code = service.protocol() == AwsService.Protocol.API_GATEWAY ? "NotFoundException"
                    : "ValidationException";
            int status = service.protocol() == AwsService.Protocol.API_GATEWAY ? 404 : 400;
            return new ServiceError(status, code, reason, "application/json",
                    "{\"__type\":\"" + code + "\",\"message\":" + ServiceErrors.quote(reason) + "}",
                    Map.of());
        }
    }
}

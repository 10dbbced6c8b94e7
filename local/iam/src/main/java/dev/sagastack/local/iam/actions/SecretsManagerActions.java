package dev.sagastack.local.iam.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.AwsService;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Secrets Manager ("Actions, resources, and condition keys for AWS Secrets Manager"):
 * secretsmanager:&lt;Operation&gt; on the secret's full ARN (with its six-character suffix, which
 * a call by name does not carry, hence the name-to-ARN lookup), with secretsmanager:SecretId.
 */
public final class SecretsManagerActions implements ServiceActionResolver {

    private static final String PREFIX = "secretsmanager";
    private static final Set<String> SECRET_OPERATIONS = Set.of("GetSecretValue", "DescribeSecret",
            "PutSecretValue", "UpdateSecret", "DeleteSecret", "RotateSecret", "GetResourcePolicy");

    private final Function<String, String> arnOfSecret;

    /** @param arnOfSecret the full ARN of a secret named by name (ARNs are passed through unchanged) */
    public SecretsManagerActions(Function<String, String> arnOfSecret) {
        this.arnOfSecret = arnOfSecret;
    }

    @Override
    public AwsService service() {
        return AwsService.SECRETS_MANAGER;
    }

    @Override
    public List<AuthorizationRequest> resolve(HttpRequestView request, ResourceScope scope) {
        String operation = JsonBodies.operation(request, PREFIX);
        JsonNode body = JsonBodies.body(request);
        String action = "secretsmanager:" + operation;
        if (operation.equals("ListSecrets")) {
            return List.of(new AuthorizationRequest(action, "*"));
        }
        if (!SECRET_OPERATIONS.contains(operation)) {
            throw new UnreadableRequest("operation " + operation + " is not authorized by the local twin");
        }
        String secretId = JsonBodies.required(body, "SecretId");
        String arn = secretId.startsWith("arn:") ? secretId : arnOfSecret.apply(secretId);
        return List.of(new AuthorizationRequest(action, arn, Map.of("secretsmanager:SecretId", List.of(secretId))));
    }
}

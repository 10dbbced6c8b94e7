package dev.sagastack.local.iam;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An access key pair as Lambda hands it to a function, with the principal it authenticates. */
public record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken,
                          Principal principal) {

    public Credentials {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("an access key id and a secret access key are required");
        }
    }

    /** The environment a function gets: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN. */
    public Map<String, String> asLambdaEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        sessionToken.ifPresent(t -> env.put("AWS_SESSION_TOKEN", t));
        return env;
    }
}

package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dynamic references in template strings, resolved after the intrinsics that build them:
 * {@code {{resolve:ssm:name[:version]}}}, {@code {{resolve:ssm-secure:...}}} and
 * {@code {{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}}
 * (CloudFormation User Guide, "Get values stored in other services using dynamic references"), from the
 * stage's own SSM parameters and secrets.
 */
final class DynamicReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{resolve:(ssm|ssm-secure|secretsmanager):([^}]*)}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DynamicReferences() {
    }

    /** {@code where} prefixes error messages ("stack/logicalId: "). */
    static String resolve(String text, StackEvaluator.Environment environment, String where) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String reference = matcher.group(2);
            String value = matcher.group(1).equals("secretsmanager")
                    ? secret(reference, environment, where) : ssm(reference, environment, where);
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String ssm(String reference, StackEvaluator.Environment environment, String where) {
        String name = reference.matches(".*:\\d+") ? reference.substring(0, reference.lastIndexOf(':')) : reference;
        return environment.ssmParameter(name).orElseThrow(() -> new TemplateException(where
                + "{{resolve:ssm:" + reference + "}}: no stack of the stage creates SSM parameter " + name));
    }

    private static String secret(String reference, StackEvaluator.Environment environment, String where) {
        String[] parts = reference.split(":", -1);
        // the secret id is a name, or an ARN with its own colons (arn:aws:secretsmanager:region:account:secret:name)
        int idParts = reference.startsWith("arn:") ? 7 : 1;
        if (parts.length < idParts) {
            throw new TemplateException(where + "{{resolve:secretsmanager:" + reference + "}} names no secret");
        }
        String id = String.join(":", Arrays.copyOfRange(parts, 0, idParts));
        String jsonKey = parts.length > idParts + 1 ? parts[idParts + 1] : "";
        String secret = environment.secretString(id).orElseThrow(() -> new TemplateException(where
                + "{{resolve:secretsmanager:" + reference + "}}: no stack of the stage creates secret " + id));
        if (jsonKey.isEmpty()) {
            return secret;
        }
        try {
            JsonNode json = JSON.readTree(secret);
            if (!json.has(jsonKey)) {
                throw new TemplateException(where + "secret " + id + " has no key " + jsonKey);
            }
            return json.get(jsonKey).asText();
        } catch (JsonProcessingException e) {
            throw new TemplateException(where + "secret " + id + " is not JSON, so it has no key " + jsonKey);
        }
    }
}

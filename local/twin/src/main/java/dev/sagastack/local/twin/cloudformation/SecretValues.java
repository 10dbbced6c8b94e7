package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values of the stage's secrets: a {@code SecretString} the template gives, or one generated the way
 * Secrets Manager's {@code GenerateSecretString} does (PasswordLength, ExcludeCharacters, ExcludePunctuation,
 * Exclude{Uppercase,Lowercase,Numbers}, IncludeSpace, SecretStringTemplate + GenerateStringKey; AWS CloudFormation
 * User Guide, AWS::SecretsManager::Secret GenerateSecretString). A generated value is kept by secret ARN, in a
 * file when a data directory is given, so that it survives restarts as a deployed secret does.
 */
public final class SecretValues {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Path file;

    private SecretValues(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try {
                JSON.readTree(file.toFile()).fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static SecretValues inMemory() {
        return new SecretValues(null);
    }

    public static SecretValues durable(Path directory) {
        return new SecretValues(directory.resolve("secrets.json"));
    }

    synchronized String value(String arn, JsonNode properties) {
        String existing = values.get(arn);
        if (existing != null) {
            return existing;
        }
        String value = properties.has("SecretString") ? properties.get("SecretString").asText()
                : generate(properties.path("GenerateSecretString"));
        values.put(arn, value);
        save();
        return value;
    }

    static String generate(JsonNode spec) {
        int length = spec.path("PasswordLength").asInt(32);
        StringBuilder alphabet = new StringBuilder();
        if (!spec.path("ExcludeUppercase").asBoolean(false)) {
            alphabet.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        }
        if (!spec.path("ExcludeLowercase").asBoolean(false)) {
            alphabet.append("abcdefghijklmnopqrstuvwxyz");
        }
        if (!spec.path("ExcludeNumbers").asBoolean(false)) {
            alphabet.append("0123456789");
        }
        if (!spec.path("ExcludePunctuation").asBoolean(false)) {
            alphabet.append(PUNCTUATION);
        }
        if (spec.path("IncludeSpace").asBoolean(false)) {
            alphabet.append(' ');
        }
        String excluded = spec.path("ExcludeCharacters").asText("");
        String chars = alphabet.chars().filter(c -> excluded.indexOf(c) < 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (chars.isEmpty()) {
            throw new TemplateException("GenerateSecretString excludes every character");
        }
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        if (!spec.has("SecretStringTemplate")) {
            return password.toString();
        }
        try {
            ObjectNode template = (ObjectNode) JSON.readTree(spec.get("SecretStringTemplate").asText());
            template.put(spec.path("GenerateStringKey").asText("password"), password.toString());
            return JSON.writeValueAsString(template);
        } catch (IOException | ClassCastException e) {
            throw new TemplateException("SecretStringTemplate is not a JSON object: " + spec.get("SecretStringTemplate"));
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, JSON.writeValueAsString(values), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

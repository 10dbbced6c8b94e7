package dev.sagastack.local.twin.parameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sagastack.local.twin.access.EndpointGuard;
import dev.sagastack.local.twin.access.GuardFilter;
import dev.sagastack.local.twin.cloudformation.PhysicalNames;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The stage's SSM parameters and Secrets Manager secrets behind the two services' JSON 1.1 APIs, so the functions'
 * own SDK clients read them unchanged: {@code AmazonSSM.GetParameter}, {@code AmazonSSM.GetParameters} (including
 * {@code /aws/reference/secretsmanager/<secret>} names, which require {@code WithDecryption}) and
 * {@code secretsmanager.GetSecretValue} (AWS Systems Manager API Reference, GetParameter / GetParameters;
 * "Referencing AWS Secrets Manager secrets from Parameter Store parameters"; Secrets Manager API Reference,
 * GetSecretValue). Read-only: the values are the template's.
 */
public final class ParameterServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_REFERENCE = "/aws/reference/secretsmanager/";

    /** The values served: SSM parameters by name; secrets by ARN, with their names. */
    public record Values(Map<String, String> parameters, Map<String, String> secretNamesByArn,
                         Function<String, Optional<String>> secretString) {
    }

    private final HttpServer server;
    private final Values values;

    private ParameterServer(HttpServer server, Values values) {
        this.server = server;
        this.values = values;
    }

    public static ParameterServer start(String host, Values values) {
        return start(host, values, EndpointGuard.OPEN);
    }

    /** Serves the values to the requests {@code guard} lets through (SigV4 and the callers' IAM policies). */
    public static ParameterServer start(String host, Values values, EndpointGuard guard) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 0);
            ParameterServer parameters = new ParameterServer(server, values);
            server.createContext("/", parameters::handle).getFilters().add(new GuardFilter(guard));
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "ssm-secrets");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return parameters;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
            JsonNode request;
            try {
                request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                send(exchange, 400, error("SerializationException", "request body is not JSON"));
                return;
            }
            if (request == null || !request.isObject()) {
                send(exchange, 400, error("SerializationException", "request body is not a JSON object"));
                return;
            }
            switch (target) {
                case "AmazonSSM.GetParameter" -> getParameter(exchange, request);
                case "AmazonSSM.GetParameters" -> getParameters(exchange, request);
                case "secretsmanager.GetSecretValue" -> getSecretValue(exchange, request);
                default -> send(exchange, 400, error("UnknownOperationException", "operation " + target
                        + " is not served by the twin (GetParameter, GetParameters, GetSecretValue are)"));
            }
        }
    }

    private void getParameter(HttpExchange exchange, JsonNode request) throws IOException {
        String name = request.path("Name").asText("");
        boolean decrypt = request.path("WithDecryption").asBoolean(false);
        if (name.startsWith(SECRET_REFERENCE) && !decrypt) {
            send(exchange, 400, error("ValidationException",
                    "WithDecryption flag must be True for retrieving a Secret Manager secret."));
            return;
        }
        Optional<ObjectNode> parameter = parameter(name);
        if (parameter.isEmpty()) {
            send(exchange, 400, error("ParameterNotFound", null));
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("Parameter", parameter.get());
        send(exchange, 200, response);
    }

    private void getParameters(HttpExchange exchange, JsonNode request) throws IOException {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode found = response.putArray("Parameters");
        ArrayNode invalid = response.putArray("InvalidParameters");
        for (JsonNode name : request.path("Names")) {
            Optional<ObjectNode> parameter = name.asText().startsWith(SECRET_REFERENCE)
                    && !request.path("WithDecryption").asBoolean(false) ? Optional.empty() : parameter(name.asText());
            if (parameter.isPresent()) {
                found.add(parameter.get());
            } else {
                invalid.add(name.asText());
            }
        }
        send(exchange, 200, response);
    }

    private void getSecretValue(HttpExchange exchange, JsonNode request) throws IOException {
        String id = request.path("SecretId").asText("");
        Optional<String> arn = secretArn(id);
        if (arn.isEmpty()) {
            send(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
            return;
        }
        ObjectNode response = JSON.createObjectNode();
        response.put("ARN", arn.get());
        response.put("Name", values.secretNamesByArn().get(arn.get()));
        response.put("SecretString", values.secretString().apply(arn.get()).orElseThrow());
        response.put("VersionId", PhysicalNames.uuid(arn.get() + "/version"));
        response.putArray("VersionStages").add("AWSCURRENT");
        response.put("CreatedDate", 0);
        send(exchange, 200, response);
    }

    private Optional<ObjectNode> parameter(String name) {
        ObjectNode parameter = JSON.createObjectNode();
        parameter.put("Name", name);
        parameter.put("Version", 1);
        parameter.put("DataType", "text");
        parameter.put("LastModifiedDate", 0);
        if (name.startsWith(SECRET_REFERENCE)) {
            Optional<String> arn = secretArn(name.substring(SECRET_REFERENCE.length()));
            if (arn.isEmpty()) {
                return Optional.empty();
            }
            parameter.put("Type", "SecureString");
            parameter.put("Value", values.secretString().apply(arn.get()).orElseThrow());
            parameter.put("SourceResult", arn.get());
            parameter.put("ARN", PhysicalNames.arn("ssm", "parameter" + name));
            return Optional.of(parameter);
        }
        String value = values.parameters().get(name);
        if (value == null) {
            return Optional.empty();
        }
        parameter.put("Type", "String");
        parameter.put("Value", value);
        parameter.put("ARN", PhysicalNames.arn("ssm", "parameter" + (name.startsWith("/") ? name : "/" + name)));
        return Optional.of(parameter);
    }

    private Optional<String> secretArn(String id) {
        if (values.secretNamesByArn().containsKey(id)) {
            return Optional.of(id);
        }
        return values.secretNamesByArn().entrySet().stream().filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey).findFirst();
    }

    private static ObjectNode error(String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", type);
        if (message != null) {
            error.put("message", message);
        }
        return error;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

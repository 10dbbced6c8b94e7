package dev.sagastack.local.twin.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.iam.actions.ExecuteApiActions;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.twin.access.ExecuteApiSigner;
import dev.sagastack.local.twin.http.LocalJwtApi;
import dev.sagastack.local.twin.http.TwinHttpServer;
import dev.sagastack.local.twin.lambda.FunctionDefinition;
import dev.sagastack.local.twin.lambda.LambdaHost;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Route authorization as API Gateway applies it to an HTTP API: AWS_IAM routes ("Control access to HTTP APIs with
 * IAM authorization": unsigned is 403 {"message":"Forbidden"}, a principal without execute-api:Invoke on the route
 * ARN is 403 naming it), JWT routes ("Control access to HTTP APIs with JWT authorizers", "Troubleshooting issues
 * with HTTP API JWT authorizers": 401 {"message":"Unauthorized"} with the reason in www-authenticate), NONE routes.
 */
class RouteAuthorizationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://issuer.example.com/pool";
    private static final List<String> ROUTES = List.of("GET /users/{id}", "POST /orders", "GET /public", "GET /me");
    // a role allowed to read users and nothing else, as a template would grant it
    private static final String TEMPLATE = """
            {"Resources": {
              "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "t", "ProtocolType": "HTTP"}},
              "ReaderRole": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "Reader", "Policies": [
                {"PolicyName": "read-users", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": {"Fn::Join": ["",
                    ["arn:aws:execute-api:us-east-1:000000000000:", {"Ref": "Api"}, "/$default/GET/users/*"]]}}]}}]}}
            }}""";

    private final HttpClient http = HttpClient.newHttpClient();
    private final CredentialStore credentials = CredentialStore.local();
    private final LocalJwks jwks = LocalJwks.generate();
    @AutoClose
    private LambdaHost lambdas;
    @AutoClose
    private TwinHttpServer server;
    private String apiId;

    /** Answers with the event's requestContext.authorizer (or {}), so a test sees who the gateway let through. */
    private static final class EchoAuthorizer implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            JsonNode authorizer = JSON.readTree(input).path("requestContext").path("authorizer");
            ObjectNode response = JSON.createObjectNode().put("statusCode", 200);
            response.put("body", authorizer.isMissingNode() ? "{}" : authorizer.toString());
            output.write(JSON.writeValueAsBytes(response));
        }
    }

    private void start(boolean enforce) {
        TemplateAccessModel model = TemplateAccessModel.fromTemplates(List.of(parse(TEMPLATE)), "us-east-1",
                credentials.accountId());
        apiId = model.ref("Api").orElseThrow();
        Optional<AccessControl> access = enforce
                ? Optional.of(AccessControl.create(credentials, model, "us-east-1", Clock.systemUTC()))
                : Optional.empty();
        JwtAuthorizer jwt = new JwtAuthorizer(ISSUER, List.of("orders-app"), "$request.header.Authorization", jwks,
                Clock.systemUTC());
        RouteAuthorization authorization = new RouteAuthorization(Map.of(
                "GET /users/{id}", new RouteAuthorization.Rule.Iam(),
                "POST /orders", new RouteAuthorization.Rule.Iam(),
                "GET /public", new RouteAuthorization.Rule.None(),
                "GET /me", new RouteAuthorization.Rule.Jwt(jwt)), access, new ExecuteApiActions(apiId, "$default"));
        lambdas = new LambdaHost(List.of(new FunctionDefinition("HttpApi", env -> new EchoAuthorizer(),
                Duration.ofSeconds(5), 512, Map.of())), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        HttpApiGateway gateway = new HttpApiGateway(new RouteTable(ROUTES), authorization,
                new HttpApiEvents("000000000000", apiId, "us-east-1"), lambdas, "HttpApi", Clock.systemUTC());
        server = TwinHttpServer.start("127.0.0.1", 0, gateway,
                List.of(new LocalJwtApi(jwks, List.of(jwt), Clock.systemUTC())));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signed(Credentials as, String method, String path, String body) throws Exception {
        return send(new ExecuteApiSigner(as, "us-east-1").request(method, uri(path), Map.of("content-type",
                "application/json"), body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10)));
    }

    private HttpResponse<String> unsigned(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        headers.forEach(request::header);
        return send(request.build());
    }

    @Test
    void anUnsignedCallToAnIamRouteIsApiGatewaysForbidden() throws Exception {
        start(true);

        HttpResponse<String> response = unsigned("/users/u-1", Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ForbiddenException");
        assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
    }

    @Test
    void theAdministratorsSignatureIsLetThroughAndTheFunctionSeesWhoSigned() throws Exception {
        start(true);

        HttpResponse<String> response = signed(credentials.administrator(), "POST", "/orders", "{\"a\":1}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode iam = JSON.readTree(response.body()).path("iam");
        assertThat(iam.path("userArn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(iam.path("accessKey").asText()).isEqualTo("test");
        assertThat(iam.path("accountId").asText()).isEqualTo("000000000000");
    }

    @Test
    void aRoleMayInvokeOnlyTheRoutesItsPolicyNames() throws Exception {
        start(true);
        Credentials reader = credentials.issueRoleSession("Reader", "reader-session");

        HttpResponse<String> allowed = signed(reader, "GET", "/users/u-1", "");
        HttpResponse<String> denied = signed(reader, "POST", "/orders", "{}");

        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(JSON.readTree(allowed.body()).path("iam").path("userArn").asText())
                .isEqualTo("arn:aws:sts::000000000000:assumed-role/Reader/reader-session");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(denied.body()).path("message").asText()).isEqualTo("User: "
                + "arn:aws:sts::000000000000:assumed-role/Reader/reader-session is not authorized to perform: "
                + "execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:" + apiId
                + "/$default/POST/orders");
    }

    @Test
    void aWrongSecretOrAnUnknownKeyIsRefusedWithTheSignaturesReason() throws Exception {
        start(true);

        HttpResponse<String> wrongSecret = signed(CredentialStore.withAdministrator("test", "wrong")
                .administrator(), "GET", "/users/u-1", "");
        HttpResponse<String> unknownKey = signed(CredentialStore.withAdministrator("AKIDUNKNOWN", "x")
                .administrator(), "GET", "/users/u-1", "");

        assertThat(wrongSecret.statusCode()).isEqualTo(403);
        assertThat(wrongSecret.body()).contains("signature");
        assertThat(unknownKey.statusCode()).isEqualTo(403);
        assertThat(unknownKey.body()).contains("The security token included in the request is invalid.");
    }

    @Test
    void anUnknownRouteIsNotFoundAndANoneRouteIsOpen() throws Exception {
        start(true);

        assertThat(unsigned("/nowhere", Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<String> open = unsigned("/public", Map.of());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).isEqualTo("{}");
    }

    @Test
    void withEnforcementOffAnUnsignedCallIsLetThrough() throws Exception {
        start(false);

        assertThat(unsigned("/users/u-1", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void aJwtRouteTakesATokenOfTheIssuerAndAudienceFromTheLocalIssuer() throws Exception {
        start(true);
        HttpResponse<String> minted = send(HttpRequest.newBuilder(uri(LocalJwks.TOKENS_PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sub\":\"user-7\",\"scope\":\"orders/read\"}")).build());
        String token = JSON.readTree(minted.body()).path("token").asText();

        HttpResponse<String> bearer = unsigned("/me", Map.of("Authorization", "Bearer " + token));
        HttpResponse<String> bare = unsigned("/me", Map.of("Authorization", token));
        HttpResponse<String> keys = unsigned(LocalJwks.JWKS_PATH, Map.of());

        assertThat(minted.statusCode()).isEqualTo(201);
        assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);
        JsonNode jwt = JSON.readTree(bearer.body()).path("jwt");
        assertThat(jwt.path("claims").path("sub").asText()).isEqualTo("user-7");
        assertThat(jwt.path("claims").path("iss").asText()).isEqualTo(ISSUER);
        assertThat(jwt.path("scopes").get(0).asText()).isEqualTo("orders/read");
        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(keys.body()).path("keys").get(0).path("kid").asText()).isEqualTo(jwks.keyId());
    }

    @Test
    void aJwtRouteRefusesAMissingForeignExpiredOrMisaddressedToken() throws Exception {
        start(true);
        long now = Clock.systemUTC().instant().getEpochSecond();

        HttpResponse<String> none = unsigned("/me", Map.of());
        HttpResponse<String> audience = unsigned("/me", Map.of("Authorization",
                jwks.sign(claims(ISSUER, "another-app", now + 600))));
        HttpResponse<String> issuer = unsigned("/me", Map.of("Authorization",
                jwks.sign(claims("https://elsewhere.example.com", "orders-app", now + 600))));
        HttpResponse<String> expired = unsigned("/me", Map.of("Authorization",
                jwks.sign(claims(ISSUER, "orders-app", now - 5))));
        HttpResponse<String> foreignKey = unsigned("/me", Map.of("Authorization",
                LocalJwks.generate().sign(claims(ISSUER, "orders-app", now + 600))));
        String valid = jwks.sign(claims(ISSUER, "orders-app", now + 600));
        HttpResponse<String> tampered = unsigned("/me", Map.of("Authorization",
                valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA"));

        for (HttpResponse<String> refused : List.of(none, audience, issuer, expired, foreignKey, tampered)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        }
        assertThat(audience.headers().firstValue("www-authenticate")).hasValue(
                "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\"");
        assertThat(issuer.headers().firstValue("www-authenticate").orElseThrow()).contains("valid issuer");
        assertThat(expired.headers().firstValue("www-authenticate").orElseThrow()).contains("the token has expired");
        assertThat(foreignKey.headers().firstValue("www-authenticate").orElseThrow()).contains("kid");
        assertThat(tampered.headers().firstValue("www-authenticate").orElseThrow()).contains("signature");
    }

    private static ObjectNode claims(String iss, String aud, long exp) {
        return JSON.createObjectNode().put("iss", iss).put("aud", aud).put("sub", "someone").put("exp", exp)
                .put("iat", exp - 3600);
    }
}

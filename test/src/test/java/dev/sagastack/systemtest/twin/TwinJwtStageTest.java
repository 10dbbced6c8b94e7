package dev.sagastack.systemtest.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.infra.StageConfig;
import dev.sagastack.systemtest.saga.StageTemplates;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stage synthesized with a JWT authorizer ({@code -c jwtIssuer=... -c jwtAudience=...}) on the twin: every route
 * takes a token of the stage's issuer and audience, as API Gateway's JWT authorizer does ("Control access to HTTP
 * APIs with JWT authorizers"); the twin stands in for the issuer with its local key set and token endpoint.
 */
class TwinJwtStageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://issuer.example.com/pool";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @AutoClose
    private static TwinProcess twin;

    @BeforeAll
    static void start() throws Exception {
        Path assembly = StageTemplates.assembly(StageConfig.dev().withDax(false).withAurora(false)
                .withJwt(new StageConfig.JwtAuthorization(ISSUER, List.of("sagastack-web"))));
        twin = TwinProcess.start("jwt", "--cloud-assembly", assembly.toString());
    }

    private static HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(twin.api() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String body) throws Exception {
        HttpResponse<String> minted = post("/_local/jwt/tokens", body, null);
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        return JSON.readTree(minted.body()).path("token").asText();
    }

    @Test
    void aTokenOfTheStagesIssuerAndAudienceIsAcceptedAndAnyOtherIsUnauthorized() throws Exception {
        String user = "{\"email\":\"jwt-" + UUID.randomUUID() + "@example.com\",\"displayName\":\"Jay\"}";

        HttpResponse<String> accepted = post("/users", user, "Bearer " + token("{\"sub\":\"jay\"}"));
        HttpResponse<String> missing = post("/users", user, null);
        HttpResponse<String> otherAudience = post("/users", user,
                "Bearer " + token("{\"sub\":\"jay\",\"aud\":\"another-app\"}"));
        HttpResponse<String> signedInstead = HTTP.send(new TwinClient(twin.api()).signedRequest("POST", "/users", user),
                HttpResponse.BodyHandlers.ofString());
        JsonNode keys = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(twin.api() + "/_local/jwt/jwks.json"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        for (HttpResponse<String> refused : List.of(missing, otherAudience, signedInstead)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        }
        assertThat(otherAudience.headers().firstValue("www-authenticate")).hasValue(
                "Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token does not have a valid audience\"");
        assertThat(keys.path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
    }
}

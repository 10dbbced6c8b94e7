package dev.sagastack.local.twin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.gateway.JwtAuthorizer;
import dev.sagastack.local.twin.gateway.LocalJwks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The twin's stand-in for the JWT issuer a stage's authorizer names: {@code GET /_local/jwt/jwks.json} is the key
 * set the HTTP API's JWT routes verify against, and {@code POST /_local/jwt/tokens
 * {"sub"[,"aud","scope","expiresInSeconds"]}} mints a token for the template's issuer and (by default) its first
 * audience, so a client can call JWT routes locally. Tokens are not minted when the stage has no JWT authorizer.
 */
public final class LocalJwtApi implements RouteRegistrar {

    private static final long DEFAULT_LIFETIME_SECONDS = 3600;
    private static final long MAX_LIFETIME_SECONDS = 24 * 3600;

    private final LocalJwks keys;
    private final List<JwtAuthorizer> authorizers;
    private final Clock clock;

    public LocalJwtApi(LocalJwks keys, List<JwtAuthorizer> authorizers, Clock clock) {
        this.keys = keys;
        this.authorizers = List.copyOf(authorizers);
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(LocalJwks.JWKS_PATH, ctx -> JsonResponses.send(ctx, 200, keys.jwks()));
        routes.post(LocalJwks.TOKENS_PATH, this::mint);
    }

    private void mint(Context ctx) {
        if (authorizers.isEmpty()) {
            JsonResponses.error(ctx, 404, "NotFound", "the stage has no JWT authorizer (its routes use AWS_IAM)", null);
            return;
        }
        Optional<JsonNode> read = JsonResponses.readBody(ctx);
        if (read.isEmpty()) {
            return;
        }
        JsonNode body = read.get();
        if (!body.isObject() || !body.path("sub").isTextual() || body.path("sub").asText().isBlank()) {
            JsonResponses.error(ctx, 400, "ValidationError", "sub (the token's subject) is required", "sub");
            return;
        }
        long lifetime = body.path("expiresInSeconds").asLong(DEFAULT_LIFETIME_SECONDS);
        if (lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS) {
            JsonResponses.error(ctx, 400, "ValidationError", "expiresInSeconds must be 1.." + MAX_LIFETIME_SECONDS,
                    "expiresInSeconds");
            return;
        }
        JwtAuthorizer authorizer = authorizers.get(0);
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = JsonResponses.JSON.createObjectNode();
        claims.put("iss", authorizer.issuer());
        claims.put("sub", body.get("sub").asText());
        claims.put("aud", body.path("aud").asText(authorizer.audiences().get(0)));
        if (body.path("scope").isTextual()) {
            claims.put("scope", body.get("scope").asText());
        }
        claims.put("iat", now);
        claims.put("exp", now + lifetime);
        ObjectNode answer = JsonResponses.JSON.createObjectNode();
        answer.put("token", keys.sign(claims));
        answer.set("claims", claims);
        JsonResponses.send(ctx, 201, answer);
    }
}

package dev.sagastack.local.twin.access;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.iam.policy.Evaluation;
import dev.sagastack.local.twin.http.JsonResponses;
import dev.sagastack.local.twin.http.RouteRegistrar;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /_local/api/access/denials}: whether access control is enforced and its most recent denials, newest
 * first: principal, action, resource, the outcome (no allow, or an explicit deny) with the deny statement that
 * matched, and the statements that came closest to allowing it.
 */
public final class DenialsApi implements RouteRegistrar {

    public static final String PATH = "/_local/api/access/denials";

    private final TwinAccess access;

    public DenialsApi(TwinAccess access) {
        this.access = access;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> {
            ObjectNode body = JsonResponses.JSON.createObjectNode();
            body.put("enforced", access.enforced());
            ArrayNode denials = body.putArray("denials");
            for (Evaluation e : access.recentDenials()) {
                ObjectNode d = denials.addObject();
                d.put("principal", e.principalArn());
                d.put("action", e.request().action());
                d.put("resource", e.request().resource());
                d.put("outcome", e.outcome().name());
                e.statement().ifPresent(s -> d.put("statement", s.statementLabel() + " of " + s.kind().text()
                        + " policy " + s.policyName()));
                d.put("explanation", e.explanation());
                d.put("message", e.accessDeniedMessage());
                e.nearMisses().forEach(d.putArray("nearMisses")::add);
            }
            JsonResponses.send(ctx, 200, body);
        });
    }
}

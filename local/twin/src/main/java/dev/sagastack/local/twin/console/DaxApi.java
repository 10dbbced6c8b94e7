package dev.sagastack.local.twin.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagastack.local.twin.dax.LocalDax;
import dev.sagastack.local.twin.http.JsonResponses;
import dev.sagastack.local.twin.http.RouteRegistrar;
import io.javalin.config.RoutesConfig;

import java.util.Optional;

/**
 * {@code GET /_local/api/dax}: the stage's DAX clusters with the local endpoint each is served on, and the
 * local node's cache counters per table (item cache hits and misses of eventually consistent reads, query
 * cache hits and misses of Query and Scan). Empty lists when the stage has no DAX cluster.
 */
public final class DaxApi implements RouteRegistrar {

    public static final String PATH = "/_local/api/dax";

    private final Optional<LocalDax> dax;

    public DaxApi(Optional<LocalDax> dax) {
        this.dax = dax;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> {
            ObjectNode body = JsonResponses.JSON.createObjectNode();
            ArrayNode clusters = body.putArray("clusters");
            ObjectNode tables = body.putObject("tables");
            dax.ifPresent(d -> {
                d.clusters().forEach(c -> clusters.addObject().put("logicalId", c.logicalId()).put("name", c.name())
                        .put("arn", c.arn()).put("templateEndpoint", c.templateUrl())
                        .put("localEndpoint", c.localUrl().toString()));
                d.counters().forEach((table, n) -> tables.putObject(table).put("hits", n.itemHits())
                        .put("misses", n.itemMisses()).put("queryHits", n.queryHits()).put("queryMisses", n.queryMisses()));
            });
            JsonResponses.send(ctx, 200, body);
        });
    }
}

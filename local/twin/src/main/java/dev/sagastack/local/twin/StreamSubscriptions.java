package dev.sagastack.local.twin;

import dev.sagastack.functions.Functions;
import dev.sagastack.local.twin.streams.EventSourceMappingConfig;
import dev.sagastack.schema.Tables;

import java.time.Duration;
import java.util.List;

/**
 * The stream event source mappings of the application, with infra's settings (infra's {@code Projections}
 * construct): batch size 100, bisect on error, ReportBatchItemFailures, 10 retries, and the filter that lets
 * only new events of account streams through.
 *
 * <p>TODO(lambdas/infra): these settings are spelled twice (here and in infra's {@code Projections}); they
 * belong in one definition in lambdas beside the function catalog, read by both. The batching window here is
 * 0 (Lambda's default for streams) where infra says 1 s: a 1 s window puts up to a second of lag on the read
 * model, against the twin's target of 250 ms at p99.
 */
final class StreamSubscriptions {

    static final String ACCOUNT_EVENTS_ONLY = """
            {"eventName":["INSERT"],"dynamodb":{"NewImage":{"PK":{"S":[{"prefix":"AGG#Account#"}]},\
            "SK":{"S":[{"prefix":"EVT#"}]}}}}""";

    private StreamSubscriptions() {
    }

    static List<EventSourceMappingConfig> all() {
        return List.of(new EventSourceMappingConfig(TwinTables.name(Tables.EVENT_STORE),
                Functions.ACCOUNT_SUMMARY_PROJECTION.name(), 100, Duration.ZERO, true, 10, true,
                List.of(ACCOUNT_EVENTS_ONLY)));
    }
}

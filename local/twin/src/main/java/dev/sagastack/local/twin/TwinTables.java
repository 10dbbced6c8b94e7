package dev.sagastack.local.twin;

import dev.sagastack.schema.TableSpec;
import dev.sagastack.schema.TableSpecs;
import dev.sagastack.schema.Tables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The application's tables on the twin, created from the shared definitions when missing. */
final class TwinTables {

    private TwinTables() {
    }

    static String name(TableSpec spec) {
        return "sagastack-" + spec.logicalName();
    }

    static void ensure(DynamoDbClient dynamo) {
        for (TableSpec spec : Tables.all()) {
            String name = name(spec);
            try {
                dynamo.describeTable(b -> b.tableName(name));
            } catch (ResourceNotFoundException missing) {
                dynamo.createTable(TableSpecs.createTableRequest(spec, name));
                TableSpecs.timeToLiveRequest(spec, name).ifPresent(dynamo::updateTimeToLive);
            }
        }
    }
}

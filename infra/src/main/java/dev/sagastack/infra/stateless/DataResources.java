package dev.sagastack.infra.stateless;

import dev.sagastack.infra.stateful.DaxCache;
import dev.sagastack.infra.stateful.InventoryDatabase;
import dev.sagastack.infra.stateful.Network;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.secretsmanager.ISecret;

import java.util.Optional;

/** What the stateless stack uses from the stateful one; absent parts are switched off for the stage. */
public record DataResources(ITable singleTable, ITable eventStore, Optional<Network> network,
                            Optional<DaxCache> dax, Optional<InventoryDatabase> inventoryDatabase,
                            ISecret cursorSigningKey) {
}

package dev.sagastack.infra.stateful;

import dev.sagastack.infra.LogEncryption;
import dev.sagastack.infra.StageConfig;
import dev.sagastack.schema.TableSpec;
import dev.sagastack.schema.Tables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.List;
import java.util.Optional;

/**
 * What holds data and must outlive deployments of the code: the data key, the single table, the
 * event store, the VPC, DAX, Aurora with RDS Proxy, and the cursor signing key. Deployed first;
 * the stateless stack refers to these resources.
 */
public final class StatefulStack extends Stack {

    /** Typed props: the stage decides everything this stack creates. */
    public record Props(StageConfig stage) {
    }

    private final Key dataKey;
    private final ApplicationTables tables;
    private final Optional<Network> network;
    private final Optional<DaxCache> dax;
    private final Optional<InventoryDatabase> inventoryDatabase;
    private final Secret cursorSigningKey;

    public StatefulStack(Construct scope, String id, Props props) {
        super(scope, id, StackProps.builder()
                .description("sagastack " + props.stage().name() + ": tables, event store, VPC, DAX, Aurora (stateful)")
                .terminationProtection(props.stage().retainData())
                .build());
        StageConfig stage = props.stage();
        this.dataKey = createDataKey(stage);
        this.tables = new ApplicationTables(this, "Tables", Tables.all(), dataKey, stage);
        this.network = stage.vpcEnabled() ? Optional.of(new Network(this, "Network", stage, dataKey)) : Optional.empty();
        this.dax = stage.daxEnabled()
                ? Optional.of(new DaxCache(this, "Dax", network.orElseThrow(), singleTable(), stage))
                : Optional.empty();
        this.inventoryDatabase = stage.auroraEnabled()
                ? Optional.of(new InventoryDatabase(this, "Inventory", network.orElseThrow(), dataKey, stage))
                : Optional.empty();
        this.cursorSigningKey = createCursorSigningKey(stage);
    }

    /** The table built from {@code spec}. */
    public Table table(TableSpec spec) {
        return tables.table(spec);
    }

    public Table singleTable() {
        return tables.table(Tables.SINGLE_TABLE);
    }

    public Table eventStore() {
        return tables.table(Tables.EVENT_STORE);
    }

    public Optional<Network> network() {
        return network;
    }

    public Optional<DaxCache> dax() {
        return dax;
    }

    public Optional<InventoryDatabase> inventoryDatabase() {
        return inventoryDatabase;
    }

    public Secret cursorSigningKey() {
        return cursorSigningKey;
    }

    /** One customer-managed key for the stage's data at rest: tables, Aurora storage, VPC flow logs. */
    private Key createDataKey(StageConfig stage) {
        Key key = Key.Builder.create(this, "DataKey")
                .description("sagastack " + stage.name() + " data at rest")
                .enableKeyRotation(true)
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        LogEncryption.allowCloudWatchLogs(key); // the VPC flow log group
        return key;
    }

    /**
     * The key that signs pagination cursors. CloudFormation cannot create an SSM SecureString, so the
     * key is a Secrets Manager secret with a generated value, and functions read it through Parameter
     * Store's reference path ({@code /aws/reference/secretsmanager/<name>}, WithDecryption) — the same
     * SecureString read the application does. 64 alphanumeric characters are valid base64 (48 bytes).
     */
    private Secret createCursorSigningKey(StageConfig stage) {
        Secret secret = Secret.Builder.create(this, "CursorSigningKey")
                .description("sagastack " + stage.name() + ": HMAC key for opaque pagination cursors (base64)")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64).excludePunctuation(true).includeSpace(false).build())
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        NagSuppressions.addResourceSuppressions(secret, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason("A cursor signing key has no credential to rotate against a server; rotating it only "
                        + "invalidates the cursors clients hold. Replace it by updating the secret when needed.")
                .build()));
        return secret;
    }
}

package dev.sagastack.infra.stateful;

import dev.sagastack.infra.LogEncryption;
import dev.sagastack.infra.StageConfig;
import dev.sagastack.infra.StatefulParameter;
import dev.sagastack.schema.TableSpec;
import dev.sagastack.schema.Tables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.RemovalPolicies;
import software.amazon.awscdk.RemovalPolicyProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
        publishParameters(stage);
        retainWhatRetainedDataNeeds(stage);
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

    /**
     * A stage that retains Aurora keeps what the retained cluster sits in and is opened with: the VPC,
     * its subnets and route tables, the security groups (the cluster's refers to the proxy's, so none can
     * be deleted while the cluster lives), the DB subnet group and the master secret. Without them a
     * stack delete fails (subnets with the cluster's network interfaces) or leaves a cluster nobody can log in to.
     */
    private void retainWhatRetainedDataNeeds(StageConfig stage) {
        if (stage.retainData() && inventoryDatabase.isPresent()) {
            RemovalPolicies.of(this).retain(RemovalPolicyProps.builder()
                    .applyToResourceTypes(RETAINED_WITH_THE_DATABASE).build());
        }
    }

    /** Resource types retained with a retained Aurora cluster (see {@link #retainWhatRetainedDataNeeds}). */
    public static final List<String> RETAINED_WITH_THE_DATABASE = List.of(
            "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::SubnetRouteTableAssociation",
            "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress",
            "AWS::RDS::DBSubnetGroup", "AWS::SecretsManager::Secret", "AWS::SecretsManager::SecretTargetAttachment");

    /** Writes every identifier the stateless stack needs to its SSM parameter ({@link StatefulParameter}). */
    private void publishParameters(StageConfig stage) {
        Map<StatefulParameter, String> values = new EnumMap<>(StatefulParameter.class);
        values.put(StatefulParameter.SINGLE_TABLE_NAME, singleTable().getTableName());
        values.put(StatefulParameter.EVENT_STORE_NAME, eventStore().getTableName());
        values.put(StatefulParameter.EVENT_STORE_STREAM_ARN, eventStore().getTableStreamArn());
        values.put(StatefulParameter.DATA_KEY_ARN, dataKey.getKeyArn());
        values.put(StatefulParameter.CURSOR_KEY_SECRET_ARN, cursorSigningKey.getSecretArn());
        values.put(StatefulParameter.CURSOR_KEY_SECRET_NAME, cursorSigningKey.getSecretName());
        network.ifPresent(n -> {
            values.put(StatefulParameter.VPC_ID, n.vpc().getVpcId());
            values.put(StatefulParameter.ISOLATED_SUBNET_1, n.vpc().getIsolatedSubnets().get(0).getSubnetId());
            values.put(StatefulParameter.ISOLATED_SUBNET_2, n.vpc().getIsolatedSubnets().get(1).getSubnetId());
        });
        dax.ifPresent(d -> {
            values.put(StatefulParameter.DAX_ENDPOINT_URL, d.endpointUrl());
            values.put(StatefulParameter.DAX_CLUSTER_ARN, d.clusterArn());
            values.put(StatefulParameter.DAX_SECURITY_GROUP_ID, d.getConnections().getSecurityGroups().get(0).getSecurityGroupId());
        });
        inventoryDatabase.ifPresent(db -> {
            values.put(StatefulParameter.PROXY_ENDPOINT, db.proxyEndpoint());
            values.put(StatefulParameter.PROXY_ARN, db.proxy().getDbProxyArn());
            values.put(StatefulParameter.PROXY_SECURITY_GROUP_ID, db.proxy().getConnections().getSecurityGroups().get(0).getSecurityGroupId());
        });
        for (StatefulParameter parameter : StatefulParameter.of(stage)) {
            String value = values.get(parameter);
            if (value == null) {
                throw new IllegalStateException("no value for " + parameter + " in stage " + stage.name());
            }
            StringParameter.Builder.create(this, "Parameter" + parameter.name())
                    .parameterName(parameter.parameterName(stage))
                    .description("sagastack " + stage.name() + ": " + parameter.description())
                    .stringValue(value)
                    .tier(ParameterTier.STANDARD)
                    .build();
        }
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

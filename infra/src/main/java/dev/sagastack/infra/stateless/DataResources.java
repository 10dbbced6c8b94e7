package dev.sagastack.infra.stateless;

import dev.sagastack.infra.StageConfig;
import dev.sagastack.infra.StatefulParameter;
import dev.sagastack.infra.stateful.DaxCache;
import dev.sagastack.infra.stateful.InventoryDatabase;
import dev.sagastack.schema.IndexSpec;
import dev.sagastack.schema.TableSpec;
import dev.sagastack.schema.Tables;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableAttributes;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.DatabaseProxyAttributes;
import software.amazon.awscdk.services.rds.IDatabaseProxy;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

import java.util.List;
import java.util.Optional;

/**
 * What the stateless stack uses from the stateful one, read from the stateful stack's SSM parameters
 * ({@link StatefulParameter}) at deploy time; absent parts are switched off for the stage. Grants are
 * built from these values (table ARNs from names, the DAX cluster and proxy ARNs), never with wildcards.
 */
public record DataResources(ITable singleTable, ITable eventStore, Optional<NetworkReference> network,
                            Optional<DaxReference> dax, Optional<DatabaseReference> inventoryDatabase,
                            CursorKeyReference cursorSigningKey) {

    /** The VPC's isolated subnets, where in-VPC functions run. */
    public record NetworkReference(IVpc vpc) {
        public SubnetSelection isolatedSubnets() {
            return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
        }
    }

    /** The DAX cluster: endpoint, ARN for read grants, and its security group for connections. */
    // the component is not named "connections": jsii would take a method of that name for an override of
    // the IConnectable property and refuse it ("Trying to override property 'connections' as a method")
    public record DaxReference(String endpointUrl, String clusterArn, Connections network) implements IConnectable {
        @Override
        public Connections getConnections() {
            return network;
        }

        public Grant grantRead(IGrantable grantee) {
            return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                    .grantee(grantee).actions(DaxCache.READ_ACTIONS).resourceArns(List.of(clusterArn)).build());
        }
    }

    /** RDS Proxy in front of the inventory database. */
    public record DatabaseReference(IDatabaseProxy proxy, Connections network) implements IConnectable {
        @Override
        public Connections getConnections() {
            return network;
        }

        public String proxyEndpoint() {
            return proxy.getEndpoint();
        }

        public Grant grantConnect(IGrantable grantee) {
            return proxy.grantConnect(grantee, InventoryDatabase.DATABASE_USER);
        }
    }

    /** The secret with the cursor signing key and its name (for the Parameter Store reference path). */
    public record CursorKeyReference(ISecret secret, String secretName) {
    }

    private static List<String> indexNames(TableSpec spec) {
        return spec.globalIndexes().stream().map(IndexSpec::name).toList();
    }

    /** Reads the stage's parameters into imported resources in {@code scope}'s stack. */
    public static DataResources fromParameters(Construct scope, StageConfig stage) {
        IKey dataKey = Key.fromKeyArn(scope, "DataKey", read(scope, stage, StatefulParameter.DATA_KEY_ARN));
        // the indexes' names make the table's grants cover its indexes (table/<name>/index/*), which Query on an
        // index is authorized against; an imported table without them grants the table ARN only
        ITable singleTable = Table.fromTableAttributes(scope, "SingleTable", TableAttributes.builder()
                .tableName(read(scope, stage, StatefulParameter.SINGLE_TABLE_NAME))
                .globalIndexes(indexNames(Tables.SINGLE_TABLE))
                .encryptionKey(dataKey)
                .build());
        ITable eventStore = Table.fromTableAttributes(scope, "EventStore", TableAttributes.builder()
                .tableName(read(scope, stage, StatefulParameter.EVENT_STORE_NAME))
                .tableStreamArn(read(scope, stage, StatefulParameter.EVENT_STORE_STREAM_ARN))
                .globalIndexes(indexNames(Tables.EVENT_STORE))
                .encryptionKey(dataKey)
                .build());
        Optional<NetworkReference> network = stage.vpcEnabled()
                ? Optional.of(new NetworkReference(Vpc.fromVpcAttributes(scope, "Vpc", VpcAttributes.builder()
                        .vpcId(read(scope, stage, StatefulParameter.VPC_ID))
                        // the stateful VPC spans the first two AZs of the region (Network: maxAzs 2)
                        .availabilityZones(List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs())))
                        .isolatedSubnetIds(List.of(read(scope, stage, StatefulParameter.ISOLATED_SUBNET_1),
                                read(scope, stage, StatefulParameter.ISOLATED_SUBNET_2)))
                        .build())))
                : Optional.empty();
        Optional<DaxReference> dax = stage.daxEnabled()
                ? Optional.of(new DaxReference(read(scope, stage, StatefulParameter.DAX_ENDPOINT_URL),
                        read(scope, stage, StatefulParameter.DAX_CLUSTER_ARN),
                        connections(securityGroup(scope, "DaxSecurityGroup",
                                read(scope, stage, StatefulParameter.DAX_SECURITY_GROUP_ID)), DaxCache.TLS_PORT)))
                : Optional.empty();
        Optional<DatabaseReference> database = Optional.empty();
        if (stage.auroraEnabled()) {
            ISecurityGroup proxyGroup = securityGroup(scope, "ProxySecurityGroup",
                    read(scope, stage, StatefulParameter.PROXY_SECURITY_GROUP_ID));
            IDatabaseProxy proxy = DatabaseProxy.fromDatabaseProxyAttributes(scope, "InventoryProxy",
                    DatabaseProxyAttributes.builder()
                            .dbProxyArn(read(scope, stage, StatefulParameter.PROXY_ARN))
                            .dbProxyName(InventoryDatabase.proxyName(stage))
                            .endpoint(read(scope, stage, StatefulParameter.PROXY_ENDPOINT))
                            .securityGroups(List.of(proxyGroup))
                            .build());
            database = Optional.of(new DatabaseReference(proxy, connections(proxyGroup, InventoryDatabase.PROXY_PORT)));
        }
        ISecret cursorKey = Secret.fromSecretCompleteArn(scope, "CursorSigningKey",
                read(scope, stage, StatefulParameter.CURSOR_KEY_SECRET_ARN));
        return new DataResources(singleTable, eventStore, network, dax, database,
                new CursorKeyReference(cursorKey, read(scope, stage, StatefulParameter.CURSOR_KEY_SECRET_NAME)));
    }

    /**
     * A CloudFormation parameter of type {@code AWS::SSM::Parameter::Value<String>} whose default is the
     * parameter's name: CloudFormation resolves it on every create and update of the stack.
     */
    private static String read(Construct scope, StageConfig stage, StatefulParameter parameter) {
        return StringParameter.valueForStringParameter(scope, parameter.parameterName(stage));
    }

    private static ISecurityGroup securityGroup(Construct scope, String id, String groupId) {
        // mutable: ingress rules from the functions' groups are added here, in the stateless stack
        return SecurityGroup.fromSecurityGroupId(scope, id, groupId,
                SecurityGroupImportOptions.builder().allowAllOutbound(false).mutable(true).build());
    }

    private static Connections connections(ISecurityGroup group, int port) {
        return Connections.Builder.create().securityGroups(List.of(group)).defaultPort(Port.tcp(port)).build();
    }
}

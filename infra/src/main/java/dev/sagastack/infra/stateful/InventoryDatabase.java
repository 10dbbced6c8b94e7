package dev.sagastack.infra.stateful;

import dev.sagastack.infra.Nag;
import dev.sagastack.infra.StageConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogRetention;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.DatabaseProxyOptions;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.List;

/**
 * The inventory's PostgreSQL: Aurora Serverless v2, storage encrypted with the stage's key, IAM
 * database authentication, credentials generated into Secrets Manager and rotated; clients reach it
 * only through RDS Proxy, which requires TLS and IAM authentication. The cluster's security group
 * admits only the proxy; the proxy's admits only functions connected with {@code allowTo(proxy)}.
 */
public final class InventoryDatabase extends Construct {

    /** The database Flyway migrates and the inventory adapter uses. */
    public static final String DATABASE_NAME = "inventory";
    /** The user whose secret the proxy holds; functions connect as this user with an IAM token. */
    public static final String DATABASE_USER = "sagastack";
    /** RDS Proxy for PostgreSQL listens on 5432 whatever the cluster's port. */
    public static final int PROXY_PORT = 5432;
    /**
     * CloudFormation requires a proxy name (DBProxyName, unique per account and region). It carries the
     * stage, so stages never collide, and this generation: a change that replaces the proxy (subnets,
     * engine family) must bump it, or the new proxy's create fails "already exists" (docs/operations.md,
     * stage upgrades).
     */
    public static final int PROXY_GENERATION = 1;

    private final DatabaseCluster cluster;
    private final DatabaseProxy proxy;

    public InventoryDatabase(Construct scope, String id, Network network, IKey storageKey, StageConfig stage) {
        super(scope, id);
        this.cluster = createCluster(network, storageKey, stage);
        addRotation(network);
        this.proxy = createProxy(network, stage);
        suppressFindings(stage);
    }

    public DatabaseProxy proxy() {
        return proxy;
    }

    public String proxyEndpoint() {
        return proxy.getEndpoint();
    }

    public DatabaseCluster cluster() {
        return cluster;
    }

    private DatabaseCluster createCluster(Network network, IKey storageKey, StageConfig stage) {
        StageConfig.Sizing sizing = stage.sizing();
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "ClusterSecurityGroup")
                .vpc(network.vpc())
                .description("Aurora inventory cluster: PostgreSQL port open only to RDS Proxy and credential rotation")
                .allowAllOutbound(false)
                .build();
        List<IClusterInstance> readers = sizing.auroraReader()
                ? List.of(ClusterInstance.serverlessV2("Reader", ServerlessV2ClusterInstanceProps.builder()
                        .scaleWithWriter(true).build()))
                : List.of();
        DatabaseCluster.Builder builder = DatabaseCluster.Builder.create(this, "Cluster")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_6).build()))
                .writer(ClusterInstance.serverlessV2("Writer"))
                .readers(readers)
                .serverlessV2MinCapacity(sizing.auroraMinCapacity())
                .serverlessV2MaxCapacity(sizing.auroraMaxCapacity())
                .vpc(network.vpc())
                .vpcSubnets(network.isolatedSubnets())
                .securityGroups(List.of(securityGroup))
                .credentials(Credentials.fromGeneratedSecret(DATABASE_USER))
                .defaultDatabaseName(DATABASE_NAME)
                .storageEncrypted(true)
                .storageEncryptionKey(storageKey)
                .iamAuthentication(true)
                .backup(BackupProps.builder().retention(Duration.days(sizing.backupRetentionDays())).build())
                .cloudwatchLogsExports(List.of("postgresql"))
                .copyTagsToSnapshot(true)
                .deletionProtection(stage.retainData())
                .removalPolicy(stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
        if (sizing.auroraMinCapacity() == 0) {
            // 0 ACU: the instance pauses after this much idle time and resumes on the next connection.
            builder.serverlessV2AutoPauseDuration(Duration.minutes(10));
        }
        DatabaseCluster created = builder.build();
        // RDS creates the exported log's group itself; CDK's LogRetention sets its retention and, in a
        // stage that destroys its data, deletes the group with the stack (the cluster option keeps it).
        LogRetention.Builder.create(this, "PostgresqlLogRetention")
                .logGroupName("/aws/rds/cluster/" + created.getClusterIdentifier() + "/postgresql")
                .retention(sizing.logRetention())
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        return created;
    }

    private void addRotation(Network network) {
        RotationSingleUserOptions.Builder rotation = RotationSingleUserOptions.builder()
                .automaticallyAfter(Duration.days(30))
                .vpcSubnets(network.isolatedSubnets());
        network.secretsManagerEndpoint().ifPresent(rotation::endpoint);
        cluster.addRotationSingleUser(rotation.build());
    }

    /** {@code sagastack-<stage>-inventory-<generation>}; see {@link #PROXY_GENERATION}. */
    public static String proxyName(StageConfig stage) {
        return "sagastack-" + stage.name() + "-inventory-" + PROXY_GENERATION;
    }

    private DatabaseProxy createProxy(Network network, StageConfig stage) {
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "ProxySecurityGroup")
                .vpc(network.vpc())
                .description("RDS Proxy for inventory: port 5432 open only to functions with inventory access")
                .allowAllOutbound(false)
                .build();
        DatabaseProxy databaseProxy = cluster.addProxy("Proxy", DatabaseProxyOptions.builder()
                .dbProxyName(proxyName(stage))
                .vpc(network.vpc())
                .vpcSubnets(network.isolatedSubnets())
                .securityGroups(List.of(securityGroup))
                .secrets(List.of(cluster.getSecret()))
                .requireTls(true)
                .iamAuth(true)
                .debugLogging(false)
                .build());
        cluster.getConnections().allowDefaultPortFrom(databaseProxy, "RDS Proxy to Aurora");
        return databaseProxy;
    }

    /** CDK's singleton that sets the retention of the log group RDS creates for the exported PostgreSQL log. */
    private static final String LOG_RETENTION_SINGLETON = "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a";

    private void suppressFindings(StageConfig stage) {
        IConstruct logRetention = Stack.of(this).getNode().tryFindChild(LOG_RETENTION_SINGLETON);
        if (logRetention != null) {
            Nag.suppressFindings(logRetention, "AwsSolutions-IAM4",
                    "CDK's log-retention function (deploy time only) logs with AWSLambdaBasicExecutionRole.",
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
            Nag.suppressFindings(logRetention, "AwsSolutions-IAM5",
                    "logs:PutRetentionPolicy/DeleteRetentionPolicy on the log group RDS names at deploy time, "
                            + "which is unknown when the template is written.",
                    "Resource::*");
            Nag.suppressFindings(logRetention, "AwsSolutions-IAM5",
                    "logs:DeleteLogGroup (stages that destroy their data) on the PostgreSQL log group of this cluster; "
                            + "':*' is the log-stream suffix of a log group ARN.",
                    "/^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\\/aws\\/rds\\/cluster\\/<Inventory.+>\\/postgresql:\\*$/g");
        }
        NagSuppressions.addResourceSuppressions(cluster, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-RDS11")
                .reason("Clients never address the cluster port: they connect to RDS Proxy, which listens on 5432 "
                        + "for PostgreSQL regardless, and the cluster's security group admits only the proxy and "
                        + "the rotation function. A non-default cluster port would hide nothing.")
                .build()), true);
        if (!stage.retainData()) {
            NagSuppressions.addResourceSuppressions(cluster, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-RDS10")
                    .reason("Stage " + stage.name() + " is disposable by design (retainData=false); prod enables "
                            + "deletion protection.")
                    .build()), true);
        }
    }
}

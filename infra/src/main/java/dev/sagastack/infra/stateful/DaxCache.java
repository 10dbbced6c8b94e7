package dev.sagastack.infra.stateful;

import dev.sagastack.infra.Nag;
import dev.sagastack.infra.StageConfig;
import software.amazon.awscdk.services.dax.CfnCluster;
import software.amazon.awscdk.services.dax.CfnParameterGroup;
import software.amazon.awscdk.services.dax.CfnSubnetGroup;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * A DAX cluster in front of the single table for eventually-consistent reads: server-side
 * encryption, TLS-only endpoint (port 9111), and a security group that admits only the functions
 * the stateless stack connects to it (its ingress rules live there, on the imported group).
 */
public final class DaxCache extends Construct implements IConnectable {

    /** The port of a TLS-encrypted DAX cluster endpoint. */
    public static final int TLS_PORT = 9111;

    /** Data-plane reads only (granted on the cluster ARN); writes go to DynamoDB directly, never through the cache. */
    public static final List<String> READ_ACTIONS = List.of(
            "dax:GetItem", "dax:BatchGetItem", "dax:Query", "dax:Scan");

    private final CfnCluster cluster;
    private final Connections connections;

    public DaxCache(Construct scope, String id, Network network, ITable cachedTable, StageConfig stage) {
        super(scope, id);
        SecurityGroup securityGroup = createSecurityGroup(network);
        this.connections = Connections.Builder.create()
                .securityGroups(List.of(securityGroup)).defaultPort(Port.tcp(TLS_PORT)).build();
        this.cluster = createCluster(network, cachedTable, stage, securityGroup);
    }

    @Override
    public Connections getConnections() {
        return connections;
    }

    /** {@code daxs://...}: the discovery endpoint clients configure (TLS). */
    public String endpointUrl() {
        return cluster.getAttrClusterDiscoveryEndpointUrl();
    }

    public String clusterArn() {
        return cluster.getAttrArn();
    }

    private SecurityGroup createSecurityGroup(Network network) {
        return SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("DAX cluster: TLS port open only to functions granted DAX reads")
                .allowAllOutbound(false)
                .build();
    }

    private CfnCluster createCluster(Network network, ITable cachedTable, StageConfig stage, SecurityGroup securityGroup) {
        Role role = Role.Builder.create(this, "ServiceRole")
                .assumedBy(new ServicePrincipal("dax.amazonaws.com"))
                .description("Lets DAX read the cached table on behalf of its clients")
                .build();
        cachedTable.grantReadData(role);
        Nag.suppressFindings(role, "AwsSolutions-IAM5",
                "DAX reads the cached table and its global secondary indexes (<table-arn>/index/*) on behalf of "
                        + "clients; the indexes are the table spec's.",
                "/^Resource::<.+\\.Arn>\\/index\\/\\*$/g");

        CfnSubnetGroup subnetGroup = CfnSubnetGroup.Builder.create(this, "SubnetGroup")
                .description("sagastack DAX, isolated subnets")
                .subnetIds(network.vpc().getIsolatedSubnets().stream().map(ISubnet::getSubnetId).toList())
                .build();
        // Short TTLs: DAX serves only reads that tolerate staleness; five minutes bounds it.
        CfnParameterGroup parameters = CfnParameterGroup.Builder.create(this, "ParameterGroup")
                .description("sagastack DAX TTLs")
                .parameterNameValues(Map.of("query-ttl-millis", "300000", "record-ttl-millis", "300000"))
                .build();

        return CfnCluster.Builder.create(this, "Cluster")
                .description("sagastack " + stage.name() + " read cache of the single table")
                .nodeType(stage.sizing().daxNodeType())
                .replicationFactor(stage.sizing().daxReplicationFactor())
                .iamRoleArn(role.getRoleArn())
                .subnetGroupName(subnetGroup.getRef())
                .parameterGroupName(parameters.getRef())
                .securityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .sseSpecification(CfnCluster.SSESpecificationProperty.builder().sseEnabled(true).build())
                .clusterEndpointEncryptionType("TLS")
                .build();
    }
}

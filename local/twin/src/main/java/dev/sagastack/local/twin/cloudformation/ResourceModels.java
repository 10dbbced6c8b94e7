package dev.sagastack.local.twin.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sagastack.local.twin.lambda.FunctionArns;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static dev.sagastack.local.twin.cloudformation.PhysicalNames.ACCOUNT_ID;
import static dev.sagastack.local.twin.cloudformation.PhysicalNames.REGION;
import static dev.sagastack.local.twin.cloudformation.PhysicalNames.URL_SUFFIX;
import static dev.sagastack.local.twin.cloudformation.PhysicalNames.arn;

/**
 * What {@code Ref} and {@code Fn::GetAtt} return for each resource type the twin knows, following each type's
 * "Return values" section of the CloudFormation User Guide's resource type reference, and whether the twin
 * emulates the type or only acknowledges it. A type missing here is a startup error.
 */
final class ResourceModels {

    /** How one resource type is named and what its attributes are. */
    record Model(ResourceStatus status, Function<ResourceView, String> ref,
                 Map<String, Function<ResourceView, JsonNode>> attributes) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, Model> MODELS = new LinkedHashMap<>();
    static final String VERSION = FunctionArns.PUBLISHED_VERSION;
    static final String STREAM_LABEL = "1970-01-01T00:00:00.000";

    static {
        emulated("AWS::DynamoDB::Table", r -> r.text("TableName")
                        .orElseGet(() -> PhysicalNames.stackScoped(r.stack(), r.logicalId(), 255, 13, true)),
                Map.of("Arn", r -> text(tableArn(r)),
                        "StreamArn", r -> text(tableArn(r) + "/stream/" + STREAM_LABEL)));
        emulated("AWS::Lambda::Function", r -> r.text("FunctionName")
                        .orElseGet(() -> PhysicalNames.stackScoped(r.stack(), r.logicalId(), 64, 12, false)),
                Map.of("Arn", r -> text(FunctionArns.unqualifiedArn(r.ref()))));
        emulated("AWS::Lambda::Version", r -> functionArn(r) + ":" + VERSION,
                Map.of("Version", r -> text(VERSION), "FunctionArn", r -> text(functionArn(r))));
        emulated("AWS::Lambda::Alias", r -> functionArn(r) + ":" + r.text("Name").orElseThrow(),
                Map.of("AliasArn", r -> text(r.ref())));
        emulated("AWS::Lambda::EventSourceMapping", r -> PhysicalNames.uuid(r.seed()),
                Map.of("Id", r -> text(r.ref()),
                        "EventSourceMappingArn", r -> text(arn("lambda", "event-source-mapping:" + r.ref()))));
        emulated("AWS::StepFunctions::StateMachine", r -> arn("states", "stateMachine:" + stateMachineName(r)),
                Map.of("Arn", r -> text(r.ref()), "Name", r -> text(stateMachineName(r))));
        emulated("AWS::SQS::Queue", r -> "https://sqs." + REGION + "." + URL_SUFFIX + "/" + ACCOUNT_ID + "/" + queueName(r),
                Map.of("Arn", r -> text(arn("sqs", queueName(r))), "QueueName", r -> text(queueName(r)),
                        "QueueUrl", r -> text(r.ref())));
        emulated("AWS::SSM::Parameter", r -> r.text("Name").orElseGet(() ->
                        "CFN-" + PhysicalNames.logicalScoped(r.stack(), r.logicalId(), 2048, 12)),
                Map.of("Value", r -> r.property("Value").orElseThrow(), "Type", r -> text(r.text("Type").orElse("String"))));
        emulated("AWS::SecretsManager::Secret", r -> arn("secretsmanager", "secret:" + secretName(r) + "-"
                        + PhysicalNames.mixedId(r.seed() + "/arn", 6)),
                Map.of("Id", r -> text(r.ref())));
        emulated("AWS::ApiGatewayV2::Api", r -> PhysicalNames.lowerId(r.seed(), 10),
                Map.of("ApiId", r -> text(r.ref()),
                        "ApiEndpoint", r -> text("https://" + r.ref() + ".execute-api." + REGION + "." + URL_SUFFIX)));
        emulated("AWS::ApiGatewayV2::Route", r -> PhysicalNames.lowerId(r.seed(), 7), Map.of());
        emulated("AWS::ApiGatewayV2::Integration", r -> PhysicalNames.lowerId(r.seed(), 7), Map.of());
        emulated("AWS::ApiGatewayV2::Authorizer", r -> PhysicalNames.lowerId(r.seed(), 6), Map.of());
        emulated("AWS::ApiGatewayV2::Stage", r -> r.text("StageName").orElseThrow(), Map.of());
        emulated("AWS::RDS::DBCluster", r -> rdsIdentifier(r, "DBClusterIdentifier"),
                Map.of("Endpoint.Address", r -> text(r.ref() + ".cluster-" + rdsLabel() + "." + REGION + ".rds." + URL_SUFFIX),
                        "Endpoint.Port", r -> text(r.text("Port").orElse("5432")),
                        "ReadEndpoint.Address", r -> text(r.ref() + ".cluster-ro-" + rdsLabel() + "." + REGION + ".rds." + URL_SUFFIX),
                        "DBClusterArn", r -> text(arn("rds", "cluster:" + r.ref())),
                        "DBClusterResourceId", r -> text("cluster-" + PhysicalNames.lowerId(r.seed(), 26).toUpperCase())));
        emulated("AWS::RDS::DBProxy", r -> r.text("DBProxyName").orElseGet(() -> rdsIdentifier(r, "DBProxyName")),
                Map.of("Endpoint", r -> text(r.ref().toLowerCase() + ".proxy-" + rdsLabel() + "." + REGION + ".rds." + URL_SUFFIX),
                        "DBProxyArn", r -> text(arn("rds", "db-proxy:prx-" + PhysicalNames.hexId("", r.stack(), r.logicalId(), 17))),
                        "VpcId", r -> text(PhysicalNames.hexId("vpc-", r.stack(), r.logicalId(), 17))));
        // served by the twin's local DAX node; stage.LocalEnvironment binds these endpoint values to it
        emulated("AWS::DAX::Cluster", r -> r.text("ClusterName").orElseGet(() -> PhysicalNames.lowerCase(r.stack(), r.logicalId(), 20)),
                Map.of("Arn", r -> text(arn("dax", "cache/" + r.ref())),
                        "ClusterDiscoveryEndpoint", r -> text(daxHost(r) + ":" + (daxTls(r) ? 9111 : 8111)),
                        "ClusterDiscoveryEndpointURL", r -> text((daxTls(r) ? "daxs://" : "dax://") + daxHost(r))));

        acknowledged("AWS::EC2::VPC", r -> PhysicalNames.hexId("vpc-", r.stack(), r.logicalId(), 17),
                Map.of("VpcId", r -> text(r.ref()), "CidrBlock", r -> text(r.text("CidrBlock").orElse("10.0.0.0/16")),
                        "DefaultSecurityGroup", r -> text(PhysicalNames.hexId("sg-", r.stack(), r.logicalId() + "/default", 17))));
        acknowledged("AWS::EC2::Subnet", r -> PhysicalNames.hexId("subnet-", r.stack(), r.logicalId(), 17),
                Map.of("SubnetId", r -> text(r.ref()), "AvailabilityZone", r -> r.property("AvailabilityZone").orElse(text(REGION + "a"))));
        acknowledged("AWS::EC2::SecurityGroup", r -> PhysicalNames.hexId("sg-", r.stack(), r.logicalId(), 17),
                Map.of("GroupId", r -> text(r.ref()), "VpcId", r -> r.property("VpcId").orElse(text(""))));
        for (String type : Set.of("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress",
                "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::Route",
                "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy",
                "AWS::Logs::MetricFilter", "AWS::CDK::Metadata", "AWS::SecretsManager::RotationSchedule",
                "AWS::SecretsManager::ResourcePolicy", "AWS::SNS::Subscription")) {
            acknowledged(type, r -> PhysicalNames.logicalScoped(r.stack(), r.logicalId(), 128, 12), Map.of());
        }
        // the access rules the twin enforces (local/iam): roles' policies and the functions' resource-based policies
        for (String type : Set.of("AWS::IAM::Policy", "AWS::Lambda::Permission")) {
            emulated(type, r -> PhysicalNames.logicalScoped(r.stack(), r.logicalId(), 128, 12), Map.of());
        }
        acknowledged("AWS::EC2::RouteTable", r -> PhysicalNames.hexId("rtb-", r.stack(), r.logicalId(), 17), Map.of());
        acknowledged("AWS::EC2::InternetGateway", r -> PhysicalNames.hexId("igw-", r.stack(), r.logicalId(), 17), Map.of());
        acknowledged("AWS::EC2::NatGateway", r -> PhysicalNames.hexId("nat-", r.stack(), r.logicalId(), 17), Map.of());
        acknowledged("AWS::EC2::EIP", r -> "198.51.100." + (Math.abs(r.seed().hashCode()) % 250 + 1),
                Map.of("AllocationId", r -> text(PhysicalNames.hexId("eipalloc-", r.stack(), r.logicalId(), 17))));
        acknowledged("AWS::EC2::VPCEndpoint", r -> PhysicalNames.hexId("vpce-", r.stack(), r.logicalId(), 17),
                Map.of("DnsEntries", r -> NODES.arrayNode().add(r.ref() + "." + REGION + ".vpce." + URL_SUFFIX)));
        acknowledged("AWS::EC2::FlowLog", r -> PhysicalNames.hexId("fl-", r.stack(), r.logicalId(), 17), Map.of());
        acknowledged("AWS::KMS::Key", r -> PhysicalNames.uuid(r.seed()),
                Map.of("Arn", r -> text(arn("kms", "key/" + r.ref())), "KeyId", r -> text(r.ref())));
        acknowledged("AWS::KMS::Alias", r -> r.text("AliasName").orElseThrow(), Map.of());
        acknowledged("AWS::Logs::LogGroup", r -> r.text("LogGroupName").orElseGet(() ->
                        PhysicalNames.stackScoped(r.stack(), r.logicalId(), 512, 12, false)),
                Map.of("Arn", r -> text(arn("logs", "log-group:" + r.ref() + ":*"))));
        acknowledged("AWS::SNS::Topic", r -> arn("sns", r.text("TopicName").orElseGet(() ->
                        PhysicalNames.stackScoped(r.stack(), r.logicalId(), 256, 12, true))),
                Map.of("TopicArn", r -> text(r.ref()), "TopicName", r -> text(r.ref().substring(r.ref().lastIndexOf(':') + 1))));
        emulated("AWS::IAM::Role", r -> r.text("RoleName").orElseGet(() ->
                        PhysicalNames.stackScoped(r.stack(), r.logicalId(), 64, 12, false)),
                Map.of("Arn", r -> text("arn:aws:iam::" + ACCOUNT_ID + ":role/" + r.ref()),
                        "RoleId", r -> text("AROA" + PhysicalNames.lowerId(r.seed(), 17).toUpperCase())));
        emulated("AWS::IAM::ManagedPolicy", r -> "arn:aws:iam::" + ACCOUNT_ID + ":policy/"
                + r.text("ManagedPolicyName").orElseGet(() -> PhysicalNames.stackScoped(r.stack(), r.logicalId(), 128, 12, true)),
                Map.of("PolicyArn", r -> text(r.ref())));
        acknowledged("AWS::CloudWatch::Alarm", r -> r.text("AlarmName").orElseGet(() ->
                        PhysicalNames.stackScoped(r.stack(), r.logicalId(), 255, 12, true)),
                Map.of("Arn", r -> text(arn("cloudwatch", "alarm:" + r.ref()))));
        acknowledged("AWS::CloudWatch::CompositeAlarm", r -> r.text("AlarmName").orElseGet(() ->
                        PhysicalNames.stackScoped(r.stack(), r.logicalId(), 255, 12, true)),
                Map.of("Arn", r -> text(arn("cloudwatch", "alarm:" + r.ref()))));
        acknowledged("AWS::CloudWatch::Dashboard", r -> r.text("DashboardName").orElseGet(() ->
                PhysicalNames.logicalScoped(r.stack(), r.logicalId(), 255, 12)), Map.of());
        acknowledged("AWS::DAX::SubnetGroup", r -> r.text("SubnetGroupName").orElseGet(() ->
                PhysicalNames.lowerCase(r.stack(), r.logicalId(), 255)), Map.of());
        acknowledged("AWS::DAX::ParameterGroup", r -> r.text("ParameterGroupName").orElseGet(() ->
                PhysicalNames.lowerCase(r.stack(), r.logicalId(), 255)), Map.of());
        acknowledged("AWS::RDS::DBSubnetGroup", r -> r.text("DBSubnetGroupName").orElseGet(() ->
                PhysicalNames.lowerCase(r.stack(), r.logicalId(), 255)), Map.of());
        acknowledged("AWS::RDS::DBInstance", r -> rdsIdentifier(r, "DBInstanceIdentifier"),
                Map.of("Endpoint.Address", r -> text(r.ref() + "." + rdsLabel() + "." + REGION + ".rds." + URL_SUFFIX),
                        "Endpoint.Port", r -> text("5432"), "DBInstanceArn", r -> text(arn("rds", "db:" + r.ref()))));
        acknowledged("AWS::RDS::DBProxyTargetGroup", r -> arn("rds", "target-group:prx-tg-"
                + PhysicalNames.hexId("", r.stack(), r.logicalId(), 17)), Map.of("TargetGroupArn", r -> text(r.ref())));
        acknowledged("AWS::SecretsManager::SecretTargetAttachment", r -> r.text("SecretId").orElseThrow(), Map.of());
        acknowledged("AWS::Serverless::Application", r -> arn("cloudformation", "stack/" + r.stack() + "-" + r.logicalId()
                + "-" + PhysicalNames.mixedId(r.seed(), 12) + "/" + PhysicalNames.uuid(r.seed())), Map.of());
    }

    private ResourceModels() {
    }

    static Optional<Model> of(String type) {
        return Optional.ofNullable(MODELS.get(type));
    }

    private static void emulated(String type, Function<ResourceView, String> ref, Map<String, Function<ResourceView, JsonNode>> attributes) {
        MODELS.put(type, new Model(ResourceStatus.EMULATED, ref, attributes));
    }

    private static void acknowledged(String type, Function<ResourceView, String> ref, Map<String, Function<ResourceView, JsonNode>> attributes) {
        MODELS.put(type, new Model(ResourceStatus.ACKNOWLEDGED, ref, attributes));
    }

    private static JsonNode text(String value) {
        return NODES.textNode(value);
    }

    private static String tableArn(ResourceView r) {
        return arn("dynamodb", "table/" + r.ref());
    }

    /** A Version or Alias names its function by name, partial or full ARN. */
    private static String functionArn(ResourceView r) {
        String name = r.text("FunctionName").orElseThrow(() -> new TemplateException(r.seed() + ": FunctionName is required"));
        return FunctionArns.unqualifiedArn(FunctionArns.functionName(name).orElseThrow(() ->
                new TemplateException(r.seed() + ": FunctionName " + name + " is not a function name or ARN")));
    }

    private static String stateMachineName(ResourceView r) {
        return r.text("StateMachineName").orElseGet(() -> PhysicalNames.logicalScoped(r.stack(), r.logicalId(), 80, 12));
    }

    private static String queueName(ResourceView r) {
        boolean fifo = r.text("FifoQueue").map(Boolean::parseBoolean).orElse(false);
        return r.text("QueueName").orElseGet(() ->
                PhysicalNames.stackScoped(r.stack(), r.logicalId(), fifo ? 75 : 80, 12, false) + (fifo ? ".fifo" : ""));
    }

    private static String secretName(ResourceView r) {
        return r.text("Name").orElseGet(() -> PhysicalNames.logicalScoped(r.stack(), r.logicalId(), 256, 12));
    }

    private static String rdsIdentifier(ResourceView r, String property) {
        return r.text(property).map(String::toLowerCase).orElseGet(() -> PhysicalNames.lowerCase(r.stack(), r.logicalId(), 63));
    }

    private static String rdsLabel() {
        return PhysicalNames.lowerId(ACCOUNT_ID + REGION, 12);
    }

    private static boolean daxTls(ResourceView r) {
        return "TLS".equals(r.text("ClusterEndpointEncryptionType").orElse("NONE"));
    }

    private static String daxHost(ResourceView r) {
        return r.ref() + "." + PhysicalNames.lowerId(r.seed(), 6) + ".dax-clusters." + REGION + "." + URL_SUFFIX;
    }
}

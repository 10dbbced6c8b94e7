package dev.sagastack.infra.stateful;

import dev.sagastack.infra.Nag;
import dev.sagastack.infra.StageConfig;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Optional;

/**
 * The VPC for what must live in one (DAX, Aurora, RDS Proxy and the functions that reach them).
 * Private isolated subnets only and no NAT gateway: nothing here talks to the internet. AWS APIs
 * the in-VPC code calls are reached through endpoints, each created only when a caller exists:
 * <ul>
 * <li>DynamoDB: gateway endpoint (free) for every in-VPC function.</li>
 * <li>SSM: the HTTP API function reads the cursor signing key through Parameter Store.</li>
 * <li>Step Functions: the HTTP API function starts and reads saga executions (only with the saga).</li>
 * <li>Secrets Manager: the Aurora credential rotation function runs in the VPC (only with Aurora).</li>
 * </ul>
 * Not needed: STS (Lambda receives credentials in its environment), KMS (DynamoDB, SSM and Secrets
 * Manager decrypt server-side), CloudWatch Logs and X-Ray (Lambda's runtime ships both outside the VPC),
 * RDS (IAM auth tokens are signed locally).
 */
public final class Network extends Construct {

    private final Vpc vpc;
    private final Optional<IInterfaceVpcEndpoint> secretsManagerEndpoint;

    public Network(Construct scope, String id, StageConfig stage, IKey logKey) {
        super(scope, id);
        this.vpc = createVpc();
        createFlowLog(stage, logKey);
        createDynamoDbEndpoint();
        createInterfaceEndpoint("Ssm", InterfaceVpcEndpointAwsService.SSM, stage);
        if (stage.orderSagaEnabled()) {
            createInterfaceEndpoint("StepFunctions", InterfaceVpcEndpointAwsService.STEP_FUNCTIONS, stage);
        }
        this.secretsManagerEndpoint = stage.auroraEnabled()
                ? Optional.of(createInterfaceEndpoint("SecretsManager", InterfaceVpcEndpointAwsService.SECRETS_MANAGER, stage))
                : Optional.empty();
    }

    public Vpc vpc() {
        return vpc;
    }

    public SubnetSelection isolatedSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }

    public Optional<IInterfaceVpcEndpoint> secretsManagerEndpoint() {
        return secretsManagerEndpoint;
    }

    private Vpc createVpc() {
        return Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(2) // Aurora and a multi-node DAX cluster need two AZs
                .natGateways(0)
                // the default security group gets no rules: nothing may fall back to it by accident
                .restrictDefaultSecurityGroup(true)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(22).build()))
                .build();
    }

    private void createFlowLog(StageConfig stage, IKey logKey) {
        LogGroup group = LogGroup.Builder.create(this, "FlowLogGroup")
                .retention(stage.sizing().logRetention())
                .encryptionKey(logKey)
                .removalPolicy(stage.dataRemovalPolicy())
                .build();
        vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(group))
                .trafficType(FlowLogTrafficType.REJECT) // rejected traffic is what an operator investigates
                .build());
    }

    private void createDynamoDbEndpoint() {
        vpc.addGatewayEndpoint("DynamoDb", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.DYNAMODB)
                .subnets(List.of(isolatedSubnets()))
                .build());
    }

    private IInterfaceVpcEndpoint createInterfaceEndpoint(String id, InterfaceVpcEndpointAwsService service, StageConfig stage) {
        InterfaceVpcEndpoint endpoint = vpc.addInterfaceEndpoint(id, InterfaceVpcEndpointOptions.builder()
                .service(service)
                .privateDnsEnabled(true)
                .subnets(endpointSubnets(stage))
                .build());
        Nag.suppress(endpoint, "AwsSolutions-EC23",
                "The endpoint's security group admits HTTPS from the VPC's own CIDR only (a token cdk-nag cannot "
                        + "resolve); the VPC has no internet gateway.");
        return endpoint;
    }

    /** Interface endpoints bill per AZ-hour: dev keeps one (callers cross AZs), prod one per AZ. */
    private SubnetSelection endpointSubnets(StageConfig stage) {
        if (stage.sizing().endpointsInEveryAz()) {
            return isolatedSubnets();
        }
        List<ISubnet> first = List.of(vpc.getIsolatedSubnets().get(0));
        return SubnetSelection.builder().subnets(first).build();
    }
}

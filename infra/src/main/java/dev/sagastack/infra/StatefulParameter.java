package dev.sagastack.infra;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The identifiers the stateful stack hands to the stateless stack, as SSM parameters under
 * {@code /sagastack/<stage>/}. The stateful stack writes them; the stateless stack reads them at deploy
 * time (CloudFormation parameters of type {@code AWS::SSM::Parameter::Value<String>}). Unlike
 * {@code Fn::ImportValue}, a parameter does not lock the value: replacing a DAX cluster, the proxy or a
 * table stream updates the parameter, and the next deploy of the stateless stack picks the new value up.
 */
public enum StatefulParameter {

    SINGLE_TABLE_NAME("tables/single-table-name", "single table name", s -> true),
    EVENT_STORE_NAME("tables/event-store-name", "event store table name", s -> true),
    EVENT_STORE_STREAM_ARN("tables/event-store-stream-arn", "event store stream ARN (projections)", s -> true),
    DATA_KEY_ARN("data-key-arn", "KMS key of the tables (grants of table readers and writers)", s -> true),
    CURSOR_KEY_SECRET_ARN("cursor-key/secret-arn", "secret holding the cursor signing key", s -> true),
    CURSOR_KEY_SECRET_NAME("cursor-key/secret-name", "its name, read through /aws/reference/secretsmanager/", s -> true),
    VPC_ID("network/vpc-id", "VPC of DAX, Aurora and the functions that reach them", StageConfig::vpcEnabled),
    ISOLATED_SUBNET_1("network/isolated-subnet-1", "isolated subnet in the first AZ", StageConfig::vpcEnabled),
    ISOLATED_SUBNET_2("network/isolated-subnet-2", "isolated subnet in the second AZ", StageConfig::vpcEnabled),
    DAX_ENDPOINT_URL("dax/endpoint-url", "DAX cluster discovery endpoint (daxs://)", StageConfig::daxEnabled),
    DAX_CLUSTER_ARN("dax/cluster-arn", "DAX cluster ARN (read grants)", StageConfig::daxEnabled),
    DAX_SECURITY_GROUP_ID("dax/security-group-id", "DAX cluster security group", StageConfig::daxEnabled),
    PROXY_ENDPOINT("inventory/proxy-endpoint", "RDS Proxy endpoint of the inventory database", StageConfig::auroraEnabled),
    PROXY_ARN("inventory/proxy-arn", "RDS Proxy ARN (rds-db:connect grants)", StageConfig::auroraEnabled),
    PROXY_SECURITY_GROUP_ID("inventory/proxy-security-group-id", "RDS Proxy security group", StageConfig::auroraEnabled);

    private final String path;
    private final String description;
    private final Predicate<StageConfig> present;

    StatefulParameter(String path, String description, Predicate<StageConfig> present) {
        this.path = path;
        this.description = description;
        this.present = present;
    }

    /** {@code /sagastack/<stage>/<path>} */
    public String parameterName(StageConfig stage) {
        return "/sagastack/" + stage.name() + "/" + path;
    }

    public String description() {
        return description;
    }

    public boolean presentIn(StageConfig stage) {
        return present.test(stage);
    }

    /** The parameters a stage publishes: those of the parts it has switched on. */
    public static List<StatefulParameter> of(StageConfig stage) {
        return Arrays.stream(values()).filter(p -> p.presentIn(stage)).toList();
    }
}

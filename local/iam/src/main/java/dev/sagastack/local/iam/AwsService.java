package dev.sagastack.local.iam;

/**
 * The local endpoints that check signatures, with the signing name their credential scope must
 * carry and the wire protocol that decides how an error is shaped.
 */
public enum AwsService {
    DYNAMODB("dynamodb", Protocol.AWS_JSON_1_0),
    /** DynamoDB Streams signs with the DynamoDB signing name. */
    DYNAMODB_STREAMS("dynamodb", Protocol.AWS_JSON_1_0),
    STEP_FUNCTIONS("states", Protocol.AWS_JSON_1_0),
    LAMBDA("lambda", Protocol.REST_JSON),
    SSM("ssm", Protocol.AWS_JSON_1_1),
    SECRETS_MANAGER("secretsmanager", Protocol.AWS_JSON_1_1),
    EXECUTE_API("execute-api", Protocol.API_GATEWAY),
    RDS_DB("rds-db", Protocol.POSTGRESQL);

    public enum Protocol { AWS_JSON_1_0, AWS_JSON_1_1, REST_JSON, API_GATEWAY, POSTGRESQL }

    private final String signingName;
    private final Protocol protocol;

    AwsService(String signingName, Protocol protocol) {
        this.signingName = signingName;
        this.protocol = protocol;
    }

    public String signingName() {
        return signingName;
    }

    public Protocol protocol() {
        return protocol;
    }
}

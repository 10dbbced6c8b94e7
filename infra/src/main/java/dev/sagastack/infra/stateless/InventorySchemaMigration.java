package dev.sagastack.infra.stateless;

import dev.sagastack.functions.Functions;
import dev.sagastack.infra.Nag;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.Map;
import java.util.Optional;

/**
 * Runs the inventory's Flyway migrations on every deploy that publishes a new SchemaMigration
 * version: a custom resource whose provider (the CDK Provider framework) invokes the function's
 * alias with the CloudFormation event. Create and Update migrate; Delete does nothing (data stays).
 * A failed migration fails the deployment, which rolls back.
 */
public final class InventorySchemaMigration extends Construct {

    public static final String RESOURCE_TYPE = "Custom::InventorySchemaMigration";

    /** The migration runs alone: one concurrent execution, one database connection. */
    public static final int CONCURRENCY = 1;

    private final JavaFunction migration;
    private final CustomResource resource;

    public InventorySchemaMigration(Construct scope, String id, FunctionCatalog catalog,
                                    IKey logKey, RetentionDays retention, RemovalPolicy removalPolicy) {
        super(scope, id);
        this.migration = catalog.create(this, Functions.SCHEMA_MIGRATION, Optional.of(CONCURRENCY));
        LogGroup providerLogs = LogGroup.Builder.create(this, "ProviderLogs")
                .retention(retention).encryptionKey(logKey).removalPolicy(removalPolicy).build();
        Provider provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(migration.alias())
                .logGroup(providerLogs)
                .build();
        this.resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(provider.getServiceToken())
                .resourceType(RESOURCE_TYPE)
                // A new published version (new code or configuration) re-runs the migrations; Flyway skips applied ones.
                .properties(Map.of("FunctionVersion", migration.function().getCurrentVersion().getVersion()))
                .build();
        Nag.suppressFindings(provider, "AwsSolutions-IAM4",
                "The CDK Provider framework function logs with AWSLambdaBasicExecutionRole; it runs only during deployments.",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
        Nag.suppressFindings(provider, "AwsSolutions-IAM5",
                "lambda:InvokeFunction on the SchemaMigration 'live' alias; CDK's grantInvoke also lists <alias-arn>:*.",
                "/^Resource::<InventorySchemaMigration.+Alias.+>:\\*$/g");
        Nag.suppress(provider, "AwsSolutions-L1",
                "The Provider framework's Node.js runtime is chosen and updated by the CDK release.");
    }

    public JavaFunction migration() {
        return migration;
    }

    public CustomResource resource() {
        return resource;
    }
}

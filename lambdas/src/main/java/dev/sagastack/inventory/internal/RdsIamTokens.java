package dev.sagastack.inventory.internal;

import dev.sagastack.inventory.InventoryDatabaseSettings;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

import java.util.function.Supplier;

/** RDS IAM auth tokens, signed locally (no network call) with the function's role credentials. */
public final class RdsIamTokens implements Supplier<String> {

    private final RdsUtilities utilities;
    private final InventoryDatabaseSettings settings;

    /** Signed with the SDK's default chain (it also covers SnapStart, where credentials come from the container). */
    public RdsIamTokens(InventoryDatabaseSettings settings) {
        this(settings, DefaultCredentialsProvider.builder().build());
    }

    /** Signed with the given credentials (the execution role's, as the function's configuration gives them). */
    public RdsIamTokens(InventoryDatabaseSettings settings, AwsCredentialsProvider credentials) {
        this.settings = settings;
        this.utilities = RdsUtilities.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .build();
    }

    @Override
    public String get() {
        return utilities.generateAuthenticationToken(b -> b
                .hostname(settings.host())
                .port(settings.port())
                .username(settings.user()));
    }
}

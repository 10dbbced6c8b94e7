package dev.sagastack.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PrincipalWithConditions;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;

import java.util.Map;

/** Lets CloudWatch Logs use a customer-managed key for this account's log groups. */
public final class LogEncryption {

    private LogEncryption() {
    }

    /**
     * The actions CloudWatch Logs documents for an encrypting key ("kms:Encrypt*", "kms:Decrypt*",
     * "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"), spelled out for a symmetric key so
     * that no policy statement carries a wildcard action; limited to log groups of this account.
     */
    public static void allowCloudWatchLogs(IKey key) {
        key.grant(new PrincipalWithConditions(
                        new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com"),
                        Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                                "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*"))),
                "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey");
    }
}

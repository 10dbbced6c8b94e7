package dev.sagastack.infra.stateless;

import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kms.IKey;

/**
 * {@code Table.grantWriteData} with its key grant spelled out. CDK's version grants
 * {@code kms:ReEncrypt*} and {@code kms:GenerateDataKey*}; for the symmetric table key those cover
 * exactly ReEncryptFrom/ReEncryptTo and GenerateDataKey/GenerateDataKeyWithoutPlaintext (the
 * key-pair variants do not apply), which are granted by name so no statement has a wildcard action.
 */
final class TableGrants {

    /** The same DynamoDB actions as {@code Table.grantWriteData}. */
    static final String[] WRITE_ACTIONS = {
            "dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:DescribeTable"};
    static final String[] KEY_WRITE_ACTIONS = {
            "kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
            "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"};

    private TableGrants() {
    }

    static void grantWriteData(ITable table, IGrantable grantee) {
        table.grant(grantee, WRITE_ACTIONS);
        IKey key = table.getEncryptionKey();
        if (key != null) {
            key.grant(grantee, KEY_WRITE_ACTIONS);
        }
    }
}

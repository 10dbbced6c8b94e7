package dev.sagastack.local.iam;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialStoreTest {

    @Test
    void theAdministratorIsTestTestUnlessOverridden() {
        CredentialStore local = CredentialStore.local();
        CredentialStore custom = CredentialStore.withAdministrator("AKIALOCALADMIN:s3cr3t/with:colon");

        assertThat(local.find("test")).map(Credentials::secretAccessKey).contains("test");
        assertThat(local.administrator().principal().arn()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(custom.find("test")).isEmpty();
        assertThat(custom.administrator().secretAccessKey()).isEqualTo("s3cr3t/with:colon");
        assertThatThrownBy(() -> CredentialStore.withAdministrator("no-secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("administrator credentials must be KEY:SECRET");
        assertThatThrownBy(() -> CredentialStore.withAdministrator("KEY:")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachRoleSessionGetsItsOwnTemporaryCredentialsInLambdasEnvironmentShape() {
        CredentialStore store = CredentialStore.local();

        Credentials first = store.issueRoleSession("StepRole", "ConfirmOrder");
        Credentials second = store.issueRoleSession("StepRole", "ConfirmOrder");

        assertThat(first.accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(first.secretAccessKey()).hasSize(40);
        assertThat(first.accessKeyId()).isNotEqualTo(second.accessKeyId());
        assertThat(first.sessionToken()).isPresent().isNotEqualTo(second.sessionToken());
        assertThat(store.find(first.accessKeyId())).contains(first);
        assertThat(first.asLambdaEnvironment()).containsOnlyKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN").containsEntry("AWS_SESSION_TOKEN", first.sessionToken().orElseThrow());
        assertThat(first.principal().arn()).isEqualTo("arn:aws:sts::000000000000:assumed-role/StepRole/ConfirmOrder");
    }
}

package dev.sagastack.local.iam;

import dev.sagastack.local.iam.actions.ExecuteApiActions;
import dev.sagastack.local.iam.actions.LambdaActions;
import dev.sagastack.local.iam.actions.SecretsManagerActions;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.iam.template.TemplateFixtures;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static dev.sagastack.local.iam.SdkSigning.SIGNED_AT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda Invoke, Secrets Manager and the HTTP API (no SDK clients of these are in the build, so the
 * requests are made the way those clients make them and signed by the SDK's signer).
 */
class OtherServicesTest {

    private final CredentialStore store = CredentialStore.local();
    private final TemplateAccessModel model = TemplateAccessModel.fromTemplates(TemplateFixtures.devAssembly(),
            "us-east-1", "000000000000");
    private final AccessControl control = AccessControl.create(store, model, "us-east-1",
            Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

    private HttpRequestView invoke(Credentials who, String functionPath) {
        return SdkSigning.sign(SdkSigning.request(SdkHttpMethod.POST, "http://127.0.0.1:9001/2015-03-31/functions/"
                + functionPath + "/invocations", Map.of("Content-Type", "application/json")), "{\"orderId\":\"o-1\"}",
                SdkSigning.identity(who), "us-east-1", "lambda");
    }

    @Test
    void lambdaInvokeIsAuthorizedOnTheQualifiedFunctionArn() {
        Credentials saga = store.issueRoleSession("OrderSagaStateMachineRoleD00D0001", "execution");

        Decision alias = control.authorize(invoke(saga, "ConfirmOrder9F8E7D6C:live"), new LambdaActions());
        Decision aliasByQualifier = control.authorize(SdkSigning.sign(SdkSigning.request(SdkHttpMethod.POST,
                "http://127.0.0.1:9001/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction"
                        + "%3AConfirmOrder9F8E7D6C/invocations?Qualifier=live", Map.of()), "{}",
                SdkSigning.identity(saga), "us-east-1", "lambda"), new LambdaActions());
        Decision unqualified = control.authorize(invoke(saga, "ConfirmOrder9F8E7D6C"), new LambdaActions());

        assertThat(alias.allowed()).isTrue();
        assertThat(aliasByQualifier.allowed()).isTrue();
        assertThat(unqualified.allowed()).isFalse();
        ServiceError error = unqualified.error(AwsService.LAMBDA);
        assertThat(error.status()).isEqualTo(403);
        assertThat(error.headers()).containsEntry("x-amzn-ErrorType", "AccessDeniedException");
        assertThat(error.message()).isEqualTo("User: arn:aws:sts::000000000000:assumed-role/"
                + "OrderSagaStateMachineRoleD00D0001/execution is not authorized to perform: lambda:InvokeFunction on "
                + "resource: arn:aws:lambda:us-east-1:000000000000:function:ConfirmOrder9F8E7D6C because no "
                + "identity-based policy allows the lambda:InvokeFunction action");
    }

    @Test
    void lambdaAnswersAnUnknownKeyWith403() {
        Decision decision = control.authorize(invoke(new Credentials("AKIAUNKNOWN", "x", Optional.empty(),
                Principal.administrator("000000000000")), "f"), new LambdaActions());

        ServiceError error = decision.error(AwsService.LAMBDA);
        assertThat(error.status()).isEqualTo(403);
        assertThat(error.code()).isEqualTo("UnrecognizedClientException");
    }

    @Test
    void secretsManagerNamesTheSecretArn() {
        String secretArn = model.ref("InventoryDatabaseSecret3B9A6D21").orElseThrow();
        HttpRequestView get = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.POST, "http://127.0.0.1:9002/",
                Map.of("X-Amz-Target", "secretsmanager.GetSecretValue",
                        "Content-Type", "application/x-amz-json-1.1")), "{\"SecretId\":\"" + secretArn + "\"}",
                SdkSigning.identity(store.issueRoleSession("HttpApiServiceRoleF00D0001", "api")), "us-east-1",
                "secretsmanager");

        Decision decision = control.authorize(get, new SecretsManagerActions(name -> name));

        ServiceError error = decision.error(AwsService.SECRETS_MANAGER);
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.body()).startsWith("{\"__type\":\"com.amazon.coral.service#AccessDeniedException\"");
        assertThat(error.message()).contains("secretsmanager:GetSecretValue on resource: " + secretArn);
        assertThat(control.authorize(SdkSigning.sign(SdkSigning.request(SdkHttpMethod.POST, "http://127.0.0.1:9002/",
                        Map.of("X-Amz-Target", "secretsmanager.GetSecretValue")), "{\"SecretId\":\"" + secretArn + "\"}",
                AwsCredentialsIdentity.create("test", "test"), "us-east-1", "secretsmanager"),
                new SecretsManagerActions(name -> name)).allowed()).isTrue();
    }

    @Test
    void theHttpApiAnswersUnsignedCallsWithForbiddenAndChecksTheRouteArn() {
        ExecuteApiActions routes = new ExecuteApiActions("a1b2c3d4e5", "$default");
        HttpRequestView unsigned = new HttpRequestView("GET", "/orders/o-1", "", Map.of(), null);
        HttpRequestView byAdmin = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.GET,
                "http://127.0.0.1:9003/orders/o-1", Map.of()), null, AwsCredentialsIdentity.create("test", "test"),
                "us-east-1", "execute-api");
        HttpRequestView byStep = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.GET,
                "http://127.0.0.1:9003/orders/o-1", Map.of()), null,
                SdkSigning.identity(store.issueRoleSession("ConfirmOrderServiceRoleA1B2C3D4", "s")), "us-east-1",
                "execute-api");

        ServiceError forbidden = control.authorize(unsigned, routes).error(AwsService.EXECUTE_API);
        Decision admin = control.authorize(byAdmin, routes);
        Decision step = control.authorize(byStep, routes);

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(admin.allowed()).isTrue();
        assertThat(((Decision.Allowed) admin).evaluations().get(0).request().resource())
                .isEqualTo("arn:aws:execute-api:us-east-1:000000000000:a1b2c3d4e5/$default/GET/orders/o-1");
        ServiceError denied = step.error(AwsService.EXECUTE_API);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"message\":\"User: arn:aws:sts::000000000000:assumed-role/"
                + "ConfirmOrderServiceRoleA1B2C3D4/s is not authorized to perform: execute-api:Invoke on resource: "
                + "arn:aws:execute-api:us-east-1:000000000000:a1b2c3d4e5/$default/GET/orders/o-1\"}");
    }

    @Test
    void aMalformedBodyIsUnreadableNotAllowed() {
        HttpRequestView garbage = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.POST, "http://127.0.0.1:9002/",
                Map.of("X-Amz-Target", "secretsmanager.GetSecretValue")), "not json",
                AwsCredentialsIdentity.create("test", "test"), "us-east-1", "secretsmanager");

        Decision decision = control.authorize(garbage, new SecretsManagerActions(name -> name));

        assertThat(decision).isInstanceOf(Decision.Unreadable.class);
        assertThat(decision.allowed()).isFalse();
    }
}

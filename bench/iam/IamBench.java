import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.Authentication;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.Credentials;
import dev.sagastack.local.iam.Decision;
import dev.sagastack.local.iam.HttpRequestView;
import dev.sagastack.local.iam.ServiceActionResolver.ResourceScope;
import dev.sagastack.local.iam.actions.DynamoDbActions;
import dev.sagastack.local.iam.sigv4.SigV4Verifier;
import dev.sagastack.local.iam.sigv4.SigningScope;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.iam.template.TemplateFixtures;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * What enforcement adds to one GetItem: the request is signed once by the AWS SDK's signer with a
 * role session's credentials (as a function's client would), then verified, mapped to
 * dynamodb:GetItem on the table ARN and evaluated against the dev assembly's policies, over and
 * over on one thread. Run through bench/iam/run.sh.
 */
public final class IamBench {
    private static final double SECONDS = Double.parseDouble(System.getProperty("bench.seconds", "5"));
    private static final String TABLE = "ApplicationTablesSingleTable5E1B3C7A";

    public static void main(String[] args) {
        CredentialStore store = CredentialStore.local();
        TemplateAccessModel model = TemplateAccessModel.fromTemplates(TemplateFixtures.devAssembly(), "us-east-1",
                CredentialStore.LOCAL_ACCOUNT);
        AccessControl control = AccessControl.create(store, model, "us-east-1", Clock.systemUTC());
        Credentials session = store.issueRoleSession("ConfirmOrderServiceRoleA1B2C3D4", "ConfirmOrder");
        HttpRequestView getItem = signedGetItem(session);
        DynamoDbActions actions = DynamoDbActions.withPartitionKeys(Map.of(TABLE, "PK"));
        SigV4Verifier verifier = new SigV4Verifier(store, Clock.systemUTC());
        SigningScope scope = new SigningScope("us-east-1", "dynamodb");
        ResourceScope resources = new ResourceScope("us-east-1", CredentialStore.LOCAL_ACCOUNT);
        List<AuthorizationRequest> resolved = actions.resolve(getItem, resources);
        if (!control.authorize(getItem, actions).allowed()) {
            throw new IllegalStateException("the benchmark request must be allowed");
        }

        System.out.printf(Locale.ROOT, "cores=%d java=%s seconds/measurement=%.0f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), SECONDS);
        Map<String, IntSupplier> operations = new LinkedHashMap<>();
        operations.put("full: verify + map + evaluate", () -> control.authorize(getItem, actions).allowed() ? 1 : 0);
        operations.put("SigV4 verification only", () ->
                verifier.verify(getItem, scope) instanceof Authentication.Verified ? 1 : 0);
        operations.put("map GetItem to dynamodb:GetItem", () -> actions.resolve(getItem, resources).size());
        operations.put("policy evaluation only", () ->
                control.authorize(session.principal(), resolved) instanceof Decision.Allowed ? 1 : 0);
        // warm up every path by count, so the JIT has compiled them whatever the machine's load
        for (int round = 0; round < 3; round++) {
            operations.values().forEach(op -> {
                for (int i = 0; i < 50_000; i++) {
                    op.getAsInt();
                }
            });
        }
        operations.forEach(IamBench::measure);
    }

    private static HttpRequestView signedGetItem(Credentials session) {
        String body = "{\"TableName\":\"" + TABLE + "\",\"Key\":{\"PK\":{\"S\":\"USER#42\"},\"SK\":{\"S\":\"PROFILE\"}},"
                + "\"ConsistentRead\":false}";
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:8000/"))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(session.accessKeyId(), session.secretAccessKey(),
                        session.sessionToken().orElseThrow()))
                .request(request).payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        return new HttpRequestView("POST", "/", "", signed.headers(), body.getBytes(StandardCharsets.UTF_8));
    }

    // CPU time of this thread, not wall time: on a shared, loaded machine the wall clock also counts
    // the time other processes hold the core.
    private static void measure(String name, IntSupplier operation) {
        long[] result = run(operation, SECONDS);
        System.out.printf(Locale.ROOT, "%-34s %8.2f µs CPU/request  %8.2f µs wall/request  (%,d requests, check %d)%n",
                name, result[1] / 1_000.0 / result[0], result[3] / 1_000.0 / result[0], result[0], result[2]);
    }

    private static long[] run(IntSupplier operation, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        long check = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long now = start;
        while (now < deadline) {
            for (int i = 0; i < 1_000; i++) {
                check += operation.getAsInt();
            }
            count += 1_000;
            now = System.nanoTime();
        }
        return new long[]{count, threads.getCurrentThreadCpuTime() - cpuStart, check, now - start};
    }
}

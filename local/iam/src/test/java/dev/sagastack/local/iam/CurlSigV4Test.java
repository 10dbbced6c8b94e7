package dev.sagastack.local.iam;

import dev.sagastack.local.iam.actions.ExecuteApiActions;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.iam.template.TemplateFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README will show a new user: {@code curl --aws-sigv4 "aws:amz:us-east-1:execute-api"
 * --user test:test} against a route with AWS_IAM authorization, and the same call unsigned.
 */
class CurlSigV4Test {

    private final LocalFrontDoor door = new LocalFrontDoor(AccessControl.create(CredentialStore.local(),
            TemplateAccessModel.fromTemplates(TemplateFixtures.devAssembly(), "us-east-1", "000000000000"),
            "us-east-1", Clock.systemUTC()), v -> new ExecuteApiActions("a1b2c3d4e5", "$default"));

    @AfterEach
    void close() {
        door.close();
    }

    private String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "-", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void curlSignedWithTestTestIsAllowedAndUnsignedIsForbidden() throws Exception {
        String base = door.endpoint().toString();

        // curl before 8.1 signs the query as written instead of sorting it, which AWS refuses too:
        // the query is written in canonical order here
        String get = curl("--aws-sigv4", "aws:amz:us-east-1:execute-api", "--user", "test:test",
                base + "/orders/o-1?tag=a%20b&view=full");
        String post = curl("--aws-sigv4", "aws:amz:us-east-1:execute-api", "--user", "test:test",
                "-H", "Content-Type: application/json", "-d", "{\"userId\":\"u-1\",\"items\":[]}", base + "/orders");
        String wrongSecret = curl("--aws-sigv4", "aws:amz:us-east-1:execute-api", "--user", "test:nope",
                base + "/orders/o-1");
        String unsigned = curl(base + "/orders/o-1");

        assertThat(get).endsWith("\n200");
        assertThat(post).endsWith("\n200");
        assertThat(wrongSecret).endsWith("\n403").startsWith("{\"message\":\"The request signature we calculated "
                + "does not match the signature you provided.");
        assertThat(unsigned).isEqualTo("{\"message\":\"Forbidden\"}\n403");
    }
}

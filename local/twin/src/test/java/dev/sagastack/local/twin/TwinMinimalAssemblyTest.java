package dev.sagastack.local.twin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The twin runs any assembly with the resource types it knows, not only the project's: a hand-written stage with
 * one table, one Java function behind an IAM-authorized route (with the permission API Gateway needs to invoke it),
 * an SSM parameter and no database. There is no
 * PostgreSQL, the function sees exactly its template environment, and a path the template has no route for is
 * the gateway's 404.
 */
class TwinMinimalAssemblyTest {

    /** Answers with the environment it was constructed with. */
    public static final class EchoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        private final Map<String, String> environment;

        public EchoHandler(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            try {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                        .withBody(new ObjectMapper().writeValueAsString(new TreeMap<>(environment))).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final String TEMPLATE = """
            {"Resources": {
              "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
                "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}},
              "Greeting": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/mini/greeting", "Type": "String", "Value": "hello"}},
              "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "java21", "MemorySize": 256, "Timeout": 5,
                "Handler": "dev.sagastack.local.twin.TwinMinimalAssemblyTest$EchoHandler",
                "Environment": {"Variables": {"TABLE": {"Ref": "Table"}, "GREETING": "{{resolve:ssm:/mini/greeting}}",
                  "TABLE_ARN": {"Fn::Sub": "${Table.Arn}"}}}}},
              "FnVersion": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
              "FnAlias": {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Fn"},
                "FunctionVersion": {"Fn::GetAtt": ["FnVersion", "Version"]}, "Name": "live"}},
              "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "mini", "ProtocolType": "HTTP"}},
              "Integration": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {"ApiId": {"Ref": "Api"},
                "IntegrationType": "AWS_PROXY", "IntegrationUri": {"Ref": "FnAlias"}, "PayloadFormatVersion": "2.0"}},
              "Route": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": {"Ref": "Api"}, "RouteKey": "GET /users/{id}",
                "AuthorizationType": "AWS_IAM", "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "Integration"}]]}}},
              "Invoke": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction",
                "FunctionName": {"Ref": "FnAlias"}, "Principal": "apigateway.amazonaws.com", "SourceArn": {"Fn::Join": ["",
                  ["arn:aws:execute-api:us-east-1:000000000000:", {"Ref": "Api"}, "/*/*/users/{id}"]]}}},
              "Role": {"Type": "AWS::IAM::Role", "Properties": {}}
            }}""";

    private static Twin twin;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Mini.template.json"), TEMPLATE);
        Files.writeString(dir.resolve("manifest.json"), """
                {"version": "48.0.0", "artifacts": {"Mini": {"type": "aws:cloudformation:stack",
                  "properties": {"templateFile": "Mini.template.json", "tags": {"stage": "mini"}}}}}""");
        twin = Twin.start(TwinOptions.parse("--port", "0", "--cloud-assembly", dir.toString(), "--stage", "mini"),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void theFunctionSeesItsTemplateEnvironmentAndUnroutedPathsAre404() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> user = http.send(twin.administratorSigner().request("GET",
                URI.create(twin.apiUrl() + "/users/42"), Map.of(), new byte[0], Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(user.statusCode()).isEqualTo(200);
        JsonNode env = new ObjectMapper().readTree(user.body());
        assertThat(env.path("TABLE").asText()).matches("Mini-Table-[A-Z0-9]{13}");
        assertThat(env.path("TABLE_ARN").asText()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/" + env.path("TABLE").asText());
        assertThat(env.path("GREETING").asText()).isEqualTo("hello");
        assertThat(env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
        assertThat(env.has("SINGLE_TABLE_NAME")).isFalse();

        HttpResponse<String> orders = http.send(HttpRequest.newBuilder(URI.create(twin.apiUrl() + "/orders")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(orders.statusCode()).isEqualTo(404);
        assertThat(orders.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(twin.postgresPort()).isEmpty();
        assertThat(twin.deployment().stageName()).isEqualTo("mini");
    }
}

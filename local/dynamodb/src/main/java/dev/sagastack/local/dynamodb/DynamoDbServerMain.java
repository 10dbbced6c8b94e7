package dev.sagastack.local.dynamodb;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar sagastack-dynamodb.jar [--port N] [--host H] [--data-dir DIR]}: runs the server
 * until the process is stopped. The system property {@value DynamoDbServer#UNPROCESSED_PROPERTY}
 * sets the unprocessed share of batch calls.
 */
public final class DynamoDbServerMain {

    private DynamoDbServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DynamoDbServer.Options options = DynamoDbServer.Options.defaults().withPort(8000);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--port" -> options = options.withPort(Integer.parseInt(require(arg, value)));
                case "--host" -> options = options.withHost(require(arg, value));
                case "--data-dir" -> options = options.withDataDirectory(Path.of(require(arg, value)));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar sagastack-dynamodb.jar [--port N] [--host H] [--data-dir DIR]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + arg);
                    System.exit(2);
                }
            }
            i++;
        }
        DynamoDbServer server = DynamoDbServer.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dynamodb-shutdown"));
        System.out.println("sagastack DynamoDB listening on " + server.endpoint()
                + options.dataDirectory().map(d -> " (data in " + d + ")").orElse(" (in memory)"));
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static String require(String arg, String value) {
        if (value == null) {
            System.err.println(arg + " needs a value");
            System.exit(2);
        }
        return value;
    }
}

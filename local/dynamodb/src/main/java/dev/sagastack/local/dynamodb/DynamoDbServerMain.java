package dev.sagastack.local.dynamodb;

import dev.sagastack.local.dynamodb.api.EngineFaults;
import dev.sagastack.local.dynamodb.dax.DaxServer;
import dev.sagastack.local.dynamodb.dax.LocalCertificateAuthority;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar sagastack-dynamodb.jar [--port N] [--host H] [--data-dir DIR] [--dax-port M]
 * [--dax-tls-port K] [--allow-faults]}: runs the server until the process is stopped; with a DAX port, a local DAX
 * ({@code dax://}, and {@code daxs://} on the TLS port) serves the same tables. The system property {@value DynamoDbServer#UNPROCESSED_PROPERTY}
 * sets the unprocessed share of batch calls.
 */
public final class DynamoDbServerMain {

    private DynamoDbServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DynamoDbServer.Options options = DynamoDbServer.Options.defaults().withPort(8000);
        Integer daxPort = null;
        Integer daxTlsPort = null;
        boolean allowFaults = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--port" -> options = options.withPort(Integer.parseInt(require(arg, value)));
                case "--host" -> options = options.withHost(require(arg, value));
                case "--data-dir" -> options = options.withDataDirectory(Path.of(require(arg, value)));
                case "--dax-port" -> daxPort = Integer.parseInt(require(arg, value));
                case "--dax-tls-port" -> daxTlsPort = Integer.parseInt(require(arg, value));
                case "--allow-faults" -> {
                    allowFaults = true;
                    continue; // a flag: no value to skip
                }
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar sagastack-dynamodb.jar [--port N] [--host H] [--data-dir DIR]"
                            + " [--dax-port M [--dax-tls-port K]] [--allow-faults]");
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
        if (allowFaults) {
            server.api().allowFaults();
            System.out.println("fault injection allowed: X-Amz-Target " + EngineFaults.TARGET_PREFIX
                    + "PutFault | ListFaults | ClearFaults");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dynamodb-shutdown"));
        System.out.println("sagastack DynamoDB listening on " + server.endpoint()
                + options.dataDirectory().map(d -> " (data in " + d + ")").orElse(" (in memory)"));
        if (daxTlsPort != null && daxPort == null) {
            System.err.println("--dax-tls-port needs --dax-port");
            System.exit(2);
        }
        if (daxPort != null) {
            DaxServer.Options daxOptions = DaxServer.Options.defaults().withHost(options.host()).withPort(daxPort);
            if (daxTlsPort != null) {
                daxOptions = daxOptions.withTlsPort(daxTlsPort);
            }
            DaxServer dax = DaxServer.start(server.api(), daxOptions);
            Runtime.getRuntime().addShutdownHook(new Thread(dax::close, "dax-shutdown"));
            System.out.println("sagastack DAX listening on " + dax.endpoint()
                    + dax.tlsEndpoint().map(e -> " and " + e).orElse(""));
            dax.certificateAuthority().ifPresent(ca -> System.out.println("DAX TLS CA certificate: "
                    + ca.caCertificatePem() + " (PKCS12 trust store: " + ca.trustStore() + ", password "
                    + LocalCertificateAuthority.TRUST_STORE_PASSWORD + ")"));
        }
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

package dev.sagastack.local.twin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Command-line options of the twin.
 *
 * @param lambdaTimeout caps the saga steps' function timeouts (tests use a short one so injected timeouts end quickly)
 */
public record TwinOptions(String host, int port, Optional<Path> dataDirectory, boolean demo, boolean allowFaults,
                          Optional<Duration> lambdaTimeout) {

    public static final String USAGE = """
            usage: java -jar sagastack-local.jar [--port 8080] [--data-dir DIR] [--demo] [--allow-faults]
                                                 [--host 127.0.0.1] [--lambda-timeout SECONDS]
              --port N              HTTP port of the API and the console (default 8080; 0 picks a free port)
              --data-dir DIR        keep tables, PostgreSQL data, executions and dead letters in DIR across restarts
              --demo                seed users, accounts and inventory and start orders down every saga path
              --allow-faults        enable POST/DELETE /_local/faults to inject function faults
              --host ADDRESS        address to bind (default 127.0.0.1)
              --lambda-timeout S    cap the saga step functions' timeouts at S seconds (default: the catalog's)
            """;

    public static TwinOptions defaults() {
        return new TwinOptions("127.0.0.1", 8080, Optional.empty(), false, false, Optional.empty());
    }

    /** Parses the command line; a bad argument is an {@link IllegalArgumentException} naming it. */
    public static TwinOptions parse(String... args) {
        TwinOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> {
                    int port = integer(arg, value(args, ++i, arg));
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be 0..65535, was " + port);
                    }
                    options = new TwinOptions(options.host, port, options.dataDirectory, options.demo,
                            options.allowFaults, options.lambdaTimeout);
                }
                case "--data-dir" -> options = new TwinOptions(options.host, options.port,
                        Optional.of(Path.of(value(args, ++i, arg))), options.demo, options.allowFaults, options.lambdaTimeout);
                case "--demo" -> options = new TwinOptions(options.host, options.port, options.dataDirectory, true,
                        options.allowFaults, options.lambdaTimeout);
                case "--allow-faults" -> options = new TwinOptions(options.host, options.port, options.dataDirectory,
                        options.demo, true, options.lambdaTimeout);
                case "--host" -> options = new TwinOptions(value(args, ++i, arg), options.port, options.dataDirectory,
                        options.demo, options.allowFaults, options.lambdaTimeout);
                case "--lambda-timeout" -> {
                    int seconds = integer(arg, value(args, ++i, arg));
                    if (seconds < 1 || seconds > 900) {
                        throw new IllegalArgumentException("--lambda-timeout must be 1..900 seconds, was " + seconds);
                    }
                    options = new TwinOptions(options.host, options.port, options.dataDirectory, options.demo,
                            options.allowFaults, Optional.of(Duration.ofSeconds(seconds)));
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return options;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, was " + value);
        }
    }
}

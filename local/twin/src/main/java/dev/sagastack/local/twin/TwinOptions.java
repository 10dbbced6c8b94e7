package dev.sagastack.local.twin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Command-line options of the twin.
 *
 * @param daxPort the local DAX node's plain port when the stage has a DAX cluster (empty: a free one; the TLS
 *                port is always a free one)
 * @param lambdaTimeout caps the saga steps' function timeouts (tests use a short one so injected timeouts end quickly)
 * @param iam     access rules enforced (SigV4 and IAM policies on the HTTP API, IAM database auth); {@code --iam off}
 */
public record TwinOptions(String host, int port, Optional<Path> dataDirectory, boolean demo, boolean allowFaults,
                          Optional<Duration> lambdaTimeout, Optional<Path> cloudAssembly, Optional<String> stage,
                          Optional<Integer> daxPort, boolean iam) {

    public static final String USAGE = """
            usage: java -jar sagastack-local.jar [--port 8080] [--data-dir DIR] [--demo] [--allow-faults]
                                                 [--host 127.0.0.1] [--lambda-timeout SECONDS] [--dax-port N]
                                                 [--cloud-assembly DIR [--stage NAME]] [--iam on|off]
              --port N              HTTP port of the API and the console (default 8080; 0 picks a free port)
              --data-dir DIR        keep tables, PostgreSQL data, executions and dead letters in DIR across restarts
              --demo                seed users, accounts and inventory and start orders down every saga path
              --allow-faults        enable POST/DELETE /_local/faults to inject function faults
              --host ADDRESS        address to bind (default 127.0.0.1)
              --lambda-timeout S    cap the timeouts of the functions state machines invoke at S seconds (default: the template's)
              --dax-port N          plain dax:// port of the local DAX node when the stage has a DAX cluster (default: a free one)
              --cloud-assembly DIR  run the stacks of a cloud assembly (cdk.out) instead of the packaged dev stage
              --stage NAME          the stage of that assembly to run (its stacks' stage tag), when it holds several
              --iam on|off          enforce the templates' access rules: SigV4 and IAM on the HTTP API, IAM auth and TLS
                                    in front of PostgreSQL (default on; off lets every caller through, logged at start)
            """;

    public static TwinOptions defaults() {
        return new TwinOptions("127.0.0.1", 8080, Optional.empty(), false, false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), true);
    }

    /** Parses the command line; a bad argument is an {@link IllegalArgumentException} naming it. */
    public static TwinOptions parse(String... args) {
        TwinOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> {
                    int port = integer(arg, value(args, ++i, arg));
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be 0..65535, was " + port);
                    }
                    o = new TwinOptions(o.host, port, o.dataDirectory, o.demo, o.allowFaults, o.lambdaTimeout,
                            o.cloudAssembly, o.stage, o.daxPort, o.iam);
                }
                case "--data-dir" -> o = new TwinOptions(o.host, o.port, Optional.of(Path.of(value(args, ++i, arg))),
                        o.demo, o.allowFaults, o.lambdaTimeout, o.cloudAssembly, o.stage, o.daxPort, o.iam);
                case "--demo" -> o = new TwinOptions(o.host, o.port, o.dataDirectory, true, o.allowFaults, o.lambdaTimeout,
                        o.cloudAssembly, o.stage, o.daxPort, o.iam);
                case "--allow-faults" -> o = new TwinOptions(o.host, o.port, o.dataDirectory, o.demo, true, o.lambdaTimeout,
                        o.cloudAssembly, o.stage, o.daxPort, o.iam);
                case "--host" -> o = new TwinOptions(value(args, ++i, arg), o.port, o.dataDirectory, o.demo, o.allowFaults,
                        o.lambdaTimeout, o.cloudAssembly, o.stage, o.daxPort, o.iam);
                case "--lambda-timeout" -> {
                    int seconds = integer(arg, value(args, ++i, arg));
                    if (seconds < 1 || seconds > 900) {
                        throw new IllegalArgumentException("--lambda-timeout must be 1..900 seconds, was " + seconds);
                    }
                    o = new TwinOptions(o.host, o.port, o.dataDirectory, o.demo, o.allowFaults,
                            Optional.of(Duration.ofSeconds(seconds)), o.cloudAssembly, o.stage, o.daxPort, o.iam);
                }
                case "--dax-port" -> {
                    int port = integer(arg, value(args, ++i, arg));
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--dax-port must be 0..65535, was " + port);
                    }
                    o = new TwinOptions(o.host, o.port, o.dataDirectory, o.demo, o.allowFaults, o.lambdaTimeout,
                            o.cloudAssembly, o.stage, Optional.of(port), o.iam);
                }
                case "--cloud-assembly" -> {
                    Path dir = Path.of(value(args, ++i, arg));
                    if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
                        throw new IllegalArgumentException("--cloud-assembly " + dir + " has no manifest.json (run cdk synth first)");
                    }
                    o = new TwinOptions(o.host, o.port, o.dataDirectory, o.demo, o.allowFaults, o.lambdaTimeout,
                            Optional.of(dir), o.stage, o.daxPort, o.iam);
                }
                case "--iam" -> {
                    String mode = value(args, ++i, arg);
                    if (!mode.equals("on") && !mode.equals("off")) {
                        throw new IllegalArgumentException("--iam must be on or off, was " + mode);
                    }
                    o = new TwinOptions(o.host, o.port, o.dataDirectory, o.demo, o.allowFaults, o.lambdaTimeout,
                            o.cloudAssembly, o.stage, o.daxPort, mode.equals("on"));
                }
                case "--stage" -> o = new TwinOptions(o.host, o.port, o.dataDirectory, o.demo, o.allowFaults, o.lambdaTimeout,
                        o.cloudAssembly, Optional.of(value(args, ++i, arg)), o.daxPort, o.iam);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (o.stage.isPresent() && o.cloudAssembly.isEmpty()) {
            throw new IllegalArgumentException("--stage needs --cloud-assembly (the packaged assembly holds the dev stage only)");
        }
        return o;
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

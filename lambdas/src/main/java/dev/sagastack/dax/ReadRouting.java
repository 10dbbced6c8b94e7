package dev.sagastack.dax;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Chooses the client for a read: DAX for eventually consistent reads when a DAX endpoint is
 * configured, plain DynamoDB for everything else (version checks, conditional writes' reads,
 * read-after-write, the event store) and when there is no DAX. When DAX does not answer (no
 * connection, a timeout, a node failing) the read is served by DynamoDB instead, and the
 * {@link DaxCircuit} keeps the following reads off DAX until it is worth trying again.
 *
 * <p>The DAX client is asked for at each read, so a client the container rebuilt after a SnapStart
 * restore is the one used.
 */
public final class ReadRouting {

    private final DynamoDbClient dynamo;
    private final Supplier<Optional<DynamoDbClient>> dax;
    private final boolean daxConfigured;
    private final Runnable renewDax;
    private final DaxCircuit circuit;

    /**
     * @param daxConfigured whether the stage has DAX ({@code dax} is then built on first use)
     * @param renewDax      drops the DAX client so that {@code dax} builds a new one: after DAX did not
     *                      answer, the next try starts from a fresh connection to the cluster (a client
     *                      built while the cluster was unreachable may not find it again by itself)
     */
    public ReadRouting(DynamoDbClient dynamo, boolean daxConfigured, Supplier<Optional<DynamoDbClient>> dax,
                       Runnable renewDax, DaxCircuit circuit) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.dax = Objects.requireNonNull(dax, "dax");
        this.renewDax = Objects.requireNonNull(renewDax, "renewDax");
        this.daxConfigured = daxConfigured;
        this.circuit = Objects.requireNonNull(circuit, "circuit");
    }

    /** Runs {@code call} on the client {@code kind} may use, falling back from DAX to DynamoDB. */
    public <T> T read(ReadKind kind, Function<DynamoDbClient, T> call) {
        if (kind != ReadKind.EVENTUALLY_CONSISTENT || !daxConfigured) {
            return call.apply(dynamo);
        }
        if (circuit.allowsDax()) {
            try {
                T result = call.apply(dax.get().orElseThrow());
                circuit.succeeded();
                return result;
            } catch (RuntimeException e) {
                if (!unreachable(e)) {
                    circuit.succeeded(); // DAX answered; the request itself was refused
                    throw e;
                }
                failed(e);
            }
        }
        circuit.fellBack();
        return call.apply(dynamo);
    }

    /**
     * A read of nothing ({@code probe}) through DAX, to learn after a restore whether it answers; an
     * unreachable DAX opens the circuit before the first request meets it.
     *
     * @return whether DAX answered (false also when the stage has none)
     */
    public boolean probeDax(Function<DynamoDbClient, ?> probe) {
        if (!daxConfigured) {
            return false;
        }
        try {
            probe.apply(dax.get().orElseThrow());
            circuit.succeeded();
            return true;
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                circuit.succeeded();
                return true;
            }
            failed(e);
            return false;
        }
    }

    private void failed(RuntimeException e) {
        circuit.failed(e);
        renewDax.run();
    }

    public boolean usesDax() {
        return daxConfigured;
    }

    public DaxCircuit circuit() {
        return circuit;
    }

    /**
     * DAX did not answer, as opposed to answering with a refusal (validation, a missing table) that
     * DynamoDB would repeat. Building the client counts: it connects to the cluster.
     */
    private static boolean unreachable(RuntimeException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException || e instanceof UncheckedIOException;
    }
}

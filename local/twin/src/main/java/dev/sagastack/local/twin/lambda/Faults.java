package dev.sagastack.local.twin.lambda;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The faults armed per function; arming a function again replaces its fault. Thread-safe. */
public final class Faults {

    private final ConcurrentMap<String, Fault> armed = new ConcurrentHashMap<>();

    public void arm(Fault fault) {
        armed.put(fault.function(), fault);
    }

    public void clear() {
        armed.clear();
    }

    public boolean clear(String function) {
        return armed.remove(function) != null;
    }

    public List<Fault> list() {
        return List.copyOf(armed.values());
    }

    /** Consumes one use of the function's fault, if one is armed. */
    Optional<Fault> take(String function) {
        Fault[] taken = new Fault[1];
        armed.computeIfPresent(function, (name, fault) -> {
            taken[0] = fault;
            return fault.times() > 1 ? fault.withTimes(fault.times() - 1) : null;
        });
        return Optional.ofNullable(taken[0]);
    }
}

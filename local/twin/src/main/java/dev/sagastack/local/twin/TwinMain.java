package dev.sagastack.local.twin;

/** Starts the local twin; the wiring lands with the twin issue. */
public final class TwinMain {

    private TwinMain() {
    }

    public static void main(String[] args) {
        System.err.println("sagastack local twin: not wired yet");
        System.exit(2);
    }
}

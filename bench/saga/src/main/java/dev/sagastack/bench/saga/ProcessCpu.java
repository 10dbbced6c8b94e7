package dev.sagastack.bench.saga;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU time of this process, read from /proc without the management beans (for the probe JVMs). */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** utime + stime of the process from /proc/self/stat (all threads, ended ones too), in 10 ms ticks; -1 if unreadable. */
    static long millis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

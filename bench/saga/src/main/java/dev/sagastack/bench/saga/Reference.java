package dev.sagastack.bench.saga;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fixed amount of work in a fresh JVM with the probes' flags, run beside each handler's probes: SHA-256 over
 * 24 MiB, sorting a million longs and building a map of 200,000 strings, with a fixed seed. Its CPU time moves
 * only with the machine (this VM reports no steal time: when the host takes the vCPU away, the guest counts that
 * time as CPU of the thread it interrupted), so it tells how fast the machine was during a row.
 */
public final class Reference {

    static final String PREFIX = "REFERENCE ";

    private Reference() {
    }

    public static void main(String[] args) throws Exception {
        long before = ProcessCpu.millis();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(20261206);
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) random.nextInt(256);
        }
        for (int i = 0; i < 24; i++) {
            sha.update(block);
        }
        long[] values = random.longs(1_000_000).toArray();
        Arrays.sort(values);
        java.util.Map<String, Integer> map = new java.util.HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            map.merge("key-" + (i % 150_000), i, Integer::sum);
        }
        int check = sha.digest()[0] + (int) values[values.length / 2] + map.size();
        System.out.println(PREFIX + (ProcessCpu.millis() - before) + " " + check);
    }
}

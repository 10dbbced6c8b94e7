package dev.sagastack.local.recordlog;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * An append-only file of records, each framed as {@code [length][crc32c][payload]}. {@link #append} only buffers;
 * {@link #sync} writes everything buffered so far and forces it to disk (group commit: one write and one fsync
 * cover every record appended before it). On open the file is replayed up to the first record that is cut short
 * or fails its checksum - the tail a crash left while writing, which no caller was ever told was durable - and
 * cut there. {@link #rewrite} replaces the file with the live records only (compaction): the new file is written
 * and forced beside the old one and renamed over it, so a crash at any moment leaves one whole file.
 *
 * <p>The file is extended ahead of the records by {@value #EXTEND_BYTES} bytes of zeros at a time (forced with
 * its new length), so a sync only overwrites blocks the file already has and needs just its data forced
 * ({@code fdatasync}), several times cheaper than forcing a growing file; replay stops at the zeros.
 *
 * <p>Writes go through {@link RandomAccessFile}, not an NIO channel: a thread interrupted inside an NIO write
 * closes the channel for every thread, and the engine runs on threads the host interrupts (a function's
 * timeout). The channel used only to force the data is opened again when an interrupt closed it.
 */
public final class RecordLog implements AutoCloseable {

    private static final int HEADER = 8;
    private static final int MAX_RECORD = 256 << 20;
    private static final int EXTEND_BYTES = 4 << 20;
    private static final byte[] ZEROS = new byte[64 << 10];
    private static final ExecutorService FORCER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "record-log-force");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final long minCompactBytes;
    private final Object appendLock = new Object();
    private final Object syncLock = new Object();
    private byte[] pending = new byte[64 << 10];
    private int pendingLength;
    private long appended;
    private long durable;
    private RandomAccessFile out;
    private FileChannel dataSync;
    /** Where the next record goes. */
    private long size;
    /** The file's length: {@link #size} plus zeros written ahead. */
    private long allocated;
    private long sizeAfterRewrite;
    private IOException failure;

    private RecordLog(Path file, long minCompactBytes) {
        this.file = file;
        this.minCompactBytes = minCompactBytes;
    }

    /** Opens (or creates) the log, handing each intact record's payload to {@code replay} in order. */
    public static RecordLog open(Path file, long minCompactBytes, Consumer<byte[]> replay) {
        RecordLog log = new RecordLog(file, minCompactBytes);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(rewriteFile(file));
            long valid = 0;
            if (Files.exists(file)) {
                valid = replay(file, replay);
            }
            log.out = new RandomAccessFile(file.toFile(), "rw");
            if (log.out.length() != valid) {
                log.out.setLength(valid);
                log.out.getFD().sync();
            }
            log.out.seek(valid);
            log.size = valid;
            log.allocated = valid;
            log.dataSync = FileChannel.open(file, StandardOpenOption.WRITE);
            return log;
        } catch (IOException e) {
            log.closeQuietly();
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    private static Path rewriteFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".rewrite");
    }

    /** Replays the intact prefix; returns its length. */
    private static long replay(Path file, Consumer<byte[]> replay) throws IOException {
        long position = 0;
        CRC32C crc = new CRC32C();
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
            while (true) {
                int length;
                int checksum;
                byte[] payload;
                try {
                    length = in.readInt();
                    checksum = in.readInt();
                    // zero length: the zeros written ahead of the records (no record is empty)
                    if (length <= 0 || length > MAX_RECORD) {
                        return position;
                    }
                    payload = new byte[length];
                    in.readFully(payload);
                } catch (EOFException e) {
                    return position;
                }
                crc.reset();
                crc.update(payload);
                if ((int) crc.getValue() != checksum) {
                    return position;
                }
                replay.accept(payload);
                position += HEADER + length;
            }
        }
    }

    /** Buffers one record; durable after the next {@link #sync}. */
    public void append(byte[] payload) {
        if (payload.length == 0) {
            throw new IllegalArgumentException("empty record");
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        synchronized (appendLock) {
            int needed = pendingLength + HEADER + payload.length;
            if (needed > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(needed, pending.length * 2));
            }
            putInt(pending, pendingLength, payload.length);
            putInt(pending, pendingLength + 4, (int) crc.getValue());
            System.arraycopy(payload, 0, pending, pendingLength + HEADER, payload.length);
            pendingLength = needed;
            appended++;
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Blocks until every record appended before the call is on disk. */
    public void sync() {
        long target;
        synchronized (appendLock) {
            target = appended;
        }
        synchronized (syncLock) {
            if (durable >= target) {
                return; // a write that started after our records were appended covered them
            }
            checkHealthy();
            byte[] data;
            int length;
            long upTo;
            synchronized (appendLock) {
                data = pending;
                length = pendingLength;
                upTo = appended;
                pending = new byte[Math.max(64 << 10, Math.min(data.length, 4 << 20))];
                pendingLength = 0;
            }
            try {
                if (size + length > allocated) {
                    extend(size + length);
                }
                out.write(data, 0, length);
                forceData();
            } catch (IOException e) {
                // what reached the file is unknown now: refuse every later acknowledgement instead of guessing
                failure = e;
                throw new UncheckedIOException("cannot write " + file, e);
            }
            size += length;
            durable = upTo;
        }
    }

    /** Writes zeros from the end of the file to past {@code needed} and forces them with the new length. */
    private void extend(long needed) throws IOException {
        long target = Math.max(needed, allocated) + EXTEND_BYTES;
        out.seek(allocated);
        for (long at = allocated; at < target; at += ZEROS.length) {
            out.write(ZEROS, 0, (int) Math.min(ZEROS.length, target - at));
        }
        out.getFD().sync();
        allocated = target;
        out.seek(size);
    }

    /**
     * {@code fdatasync}, run by a thread of its own that nobody interrupts: an interrupt of a thread inside an NIO
     * call closes the channel. The caller waits through interrupts and keeps its interrupt status.
     */
    private void forceData() throws IOException {
        onForcer(() -> dataSync.force(false));
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static void onForcer(IoAction action) throws IOException {
        Future<?> forced = FORCER.submit(() -> {
            action.run();
            return null;
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    forced.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkHealthy() {
        if (failure != null) {
            throw new UncheckedIOException("an earlier write to " + file + " failed", failure);
        }
        if (out == null) {
            throw new IllegalStateException(file + " is closed");
        }
    }

    /** Whether the file has grown to twice its size after the last rewrite (and past the minimum). */
    public boolean wantsRewrite() {
        synchronized (syncLock) {
            return size > minCompactBytes && size > 2 * sizeAfterRewrite;
        }
    }

    public long size() {
        synchronized (syncLock) {
            return size;
        }
    }

    /**
     * Replaces the file with {@code live}: the caller guarantees that no record is appended meanwhile and that
     * the live records stand for everything appended so far (buffered records are dropped, their effect is in
     * {@code live}).
     */
    public void rewrite(Iterator<byte[]> live) {
        synchronized (syncLock) {
            checkHealthy();
            Path next = rewriteFile(file);
            long written = 0;
            CRC32C crc = new CRC32C();
            byte[] header = new byte[HEADER];
            try {
                try (FileOutputStream fos = new FileOutputStream(next.toFile());
                        BufferedOutputStream buffered = new BufferedOutputStream(fos, 1 << 20)) {
                    while (live.hasNext()) {
                        byte[] payload = live.next();
                        crc.reset();
                        crc.update(payload);
                        putInt(header, 0, payload.length);
                        putInt(header, 4, (int) crc.getValue());
                        buffered.write(header);
                        buffered.write(payload);
                        written += HEADER + payload.length;
                    }
                    buffered.flush();
                    fos.getFD().sync();
                }
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Path dir = file.toAbsolutePath().getParent();
                onForcer(() -> forceDirectory(dir));
                out.close();
                dataSync.close();
                out = new RandomAccessFile(file.toFile(), "rw");
                out.seek(written);
                dataSync = FileChannel.open(file, StandardOpenOption.WRITE);
            } catch (IOException e) {
                failure = e;
                throw new UncheckedIOException("cannot rewrite " + file, e);
            }
            synchronized (appendLock) {
                pendingLength = 0;
                durable = appended;
            }
            size = written;
            allocated = written;
            sizeAfterRewrite = written;
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private void closeQuietly() {
        try {
            if (dataSync != null) {
                dataSync.close();
            }
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // closing after a failure
        }
        out = null;
        dataSync = null;
    }

    @Override
    public void close() {
        synchronized (syncLock) {
            if (out == null) {
                return;
            }
            if (failure == null) {
                sync();
                try {
                    // the zeros written ahead are not needed by the next open
                    out.setLength(size);
                    out.getFD().sync();
                } catch (IOException e) {
                    // they are skipped on replay anyway
                }
            }
            closeQuietly();
        }
    }
}

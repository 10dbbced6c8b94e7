package dev.sagastack.local.twin.cloudformation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a cloud assembly's files are read from: a {@code cdk.out} directory, or the copy packaged in the twin's jar. */
public interface AssemblyFiles {

    /** The bytes of a file named relative to the assembly's root (as {@code manifest.json} names them). */
    Optional<byte[]> read(String relativePath);

    /** Where the files come from, for messages. */
    String describe();

    static AssemblyFiles directory(Path root) {
        Path base = root.toAbsolutePath().normalize();
        return new AssemblyFiles() {
            @Override
            public Optional<byte[]> read(String relativePath) {
                Path file = base.resolve(relativePath).normalize();
                if (!file.startsWith(base) || !Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String describe() {
                return base.toString();
            }
        };
    }

    /** The assembly packaged as class-path resources under {@code prefix} (e.g. {@code cloud-assembly}). */
    static AssemblyFiles classpath(String prefix) {
        return new AssemblyFiles() {
            @Override
            public Optional<byte[]> read(String relativePath) {
                if (relativePath.contains("..")) {
                    return Optional.empty();
                }
                try (InputStream in = AssemblyFiles.class.getClassLoader().getResourceAsStream(prefix + "/" + relativePath)) {
                    return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String describe() {
                return "classpath:" + prefix + " (packaged)";
            }
        };
    }
}

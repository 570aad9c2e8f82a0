package dev.ferrite.test.disk;

import dev.ferrite.fams.sim.FileImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/** A real directory that takes on one crash state after another: the files a power cut left. */
public final class StateDirectory {
    private final Path directory;

    public StateDirectory(Path directory) {
        this.directory = directory;
    }

    public Path path() {
        return directory;
    }

    /** Replaces everything in the directory with {@code files} (name to contents), sparse where they have holes. */
    public void write(Map<String, FileImage> files) {
        try {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(directory)) {
                for (Path file : old) {
                    Files.delete(file);
                }
            }
            for (Map.Entry<String, FileImage> file : files.entrySet()) {
                try (FileChannel channel = FileChannel.open(directory.resolve(file.getKey()), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    FileImage image = file.getValue();
                    for (Map.Entry<Long, byte[]> chunk : image.chunks().entrySet()) {
                        long at = chunk.getKey() * FileImage.CHUNK;
                        ByteBuffer bytes = ByteBuffer.wrap(chunk.getValue(), 0,
                                (int) Math.min(FileImage.CHUNK, image.size() - at));
                        while (bytes.hasRemaining()) {
                            at += channel.write(bytes, at);
                        }
                    }
                    if (channel.size() < image.size()) {
                        // FileChannel cannot extend a file; one zero byte at its end leaves a hole before it.
                        channel.write(ByteBuffer.allocate(1), image.size() - 1);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a crash state to " + directory, e);
        }
    }

    /** A digest of {@code files}: two crash states with the same one leave the same files. */
    public static String digest(Map<String, FileImage> files) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
        for (Map.Entry<String, FileImage> file : new TreeMap<>(files).entrySet()) {
            digest.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(number.clear().putLong(file.getValue().size()).flip());
            for (Map.Entry<Long, byte[]> chunk : file.getValue().chunks().entrySet()) {
                if (!isZero(chunk.getValue())) {
                    digest.update(number.clear().putLong(chunk.getKey()).flip());
                    digest.update(chunk.getValue());
                }
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}

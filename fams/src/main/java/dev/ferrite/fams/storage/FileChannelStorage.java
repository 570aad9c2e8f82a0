package dev.ferrite.fams.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@link Storage} on the real file system through {@link FileChannel}. */
public final class FileChannelStorage implements Storage {
    private static final FileChannelStorage INSTANCE = new FileChannelStorage();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] OWNER_ONLY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
            : new FileAttribute<?>[0];

    private FileChannelStorage() {}

    public static FileChannelStorage instance() {
        return INSTANCE;
    }

    @Override
    public StorageFile open(Path file, Mode mode) throws IOException {
        FileChannel channel = switch (mode) {
            case READ -> FileChannel.open(file, StandardOpenOption.READ);
            case WRITE -> FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            case CREATE -> FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.CREATE), OWNER_ONLY);
        };
        return new ChannelFile(channel);
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public List<String> list(Path dir, String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        // Linux makes directory entries durable through fsync on a descriptor opened read-only.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    private static final class ChannelFile implements StorageFile {
        private static final ByteBuffer ONE_ZERO = ByteBuffer.allocateDirect(1).asReadOnlyBuffer();
        private final FileChannel channel;

        ChannelFile(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, position + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            long at = position;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            long current = channel.size();
            if (size < current) {
                channel.truncate(size);
            } else if (size > current) {
                // FileChannel cannot ftruncate upwards; one zero byte at the new end leaves a hole before it.
                write(size - 1, ONE_ZERO.duplicate());
            }
        }

        @Override
        public void syncData() throws IOException {
            channel.force(false);
        }

        @Override
        public void syncFile() throws IOException {
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}

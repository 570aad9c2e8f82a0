package dev.ferrite.fams.storage;

import dev.ferrite.fams.FamsCorruptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}, looked up by name because javac warns
     * at every mention of a {@code jdk.unsupported} type; null where the JDK lacks it.
     */
    private static final OpenOption DIRECT = directOption();

    private FileChannelStorage() {}

    private static OpenOption directOption() {
        try {
            return (OpenOption) Class.forName("com.sun.nio.file.ExtendedOpenOption").getField("DIRECT").get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    public static FileChannelStorage instance() {
        return INSTANCE;
    }

    /**
     * Opens regular files only, and never through a symbolic link: FAMS names its data files by
     * their real paths, so a link where a log or undo file belongs was planted there, and a FIFO
     * would block the open forever.
     */
    @Override
    public StorageFile open(Path file, Mode mode) throws IOException {
        if (mode != Mode.CREATE || Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            requireRegularFile(file);
        }
        FileChannel channel = switch (mode) {
            case READ -> FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            case WRITE -> FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            case CREATE -> create(file);
        };
        return new ChannelFile(file, channel);
    }

    private static FileChannel create(Path file) throws IOException {
        try {
            return FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS), OWNER_ONLY);
        } catch (IOException e) {
            // A directory with no room for another entry, or no free inode.
            StorageFullException full = StorageFullException.ifFull(file, 0, e);
            throw full != null ? full : e;
        }
    }

    /** Refuses anything but a regular file at {@code file}, without following a link there. */
    public static void requireRegularFile(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            String kind = a.isDirectory() ? "a directory" : a.isSymbolicLink() ? "a symbolic link"
                    : "a FIFO, socket or device";
            throw new FamsCorruptException(file + " is " + kind + ", not a regular file; FAMS opens its files only"
                    + " as regular files, never through links");
        }
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public FileId identity(Path file) throws IOException {
        return FileId.of(file);
    }

    @Override
    public byte[] attribute(Path file, String name) throws IOException {
        UserDefinedFileAttributeView view = attributes(file);
        try {
            if (view == null || !view.list().contains(name)) {
                return null;
            }
            ByteBuffer value = ByteBuffer.allocate(view.size(name));
            view.read(name, value);
            return Arrays.copyOf(value.array(), value.position());
        } catch (FileSystemException e) {
            if (NoSuchFileException.class.isInstance(e)) {
                throw e;
            }
            return null; // ENOTSUP and the like: no attributes here
        }
    }

    @Override
    public boolean setAttribute(Path file, String name, byte[] value) throws IOException {
        UserDefinedFileAttributeView view = attributes(file);
        try {
            if (view == null) {
                return false;
            }
            view.write(name, ByteBuffer.wrap(value));
            return true;
        } catch (FileSystemException e) {
            if (NoSuchFileException.class.isInstance(e)) {
                throw e;
            }
            return false;
        }
    }

    private static UserDefinedFileAttributeView attributes(Path file) {
        return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
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
    public void link(Path existing, Path link) throws IOException {
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException taken) {
                throw taken;
            }
            // No hard links here: a move that refuses to replace is the next best thing.
            Files.move(existing, link);
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    private static final class ChannelFile implements StorageFile {
        private static final ByteBuffer ONE_ZERO = ByteBuffer.allocateDirect(1).asReadOnlyBuffer();
        /** O_DIRECT wants the position, length and buffer aligned to the logical block size: a page covers any. */
        private static final int DIRECT_ALIGNMENT = 4096;
        private final Path path;
        private final FileChannel channel;
        /** Opened at the first {@link #readDevice}; stays null where the file system has no O_DIRECT. */
        private FileChannel direct;
        private boolean directTried;
        /** Opened at the first {@link #allocate} or {@link #punch}; null where blocks cannot be changed. */
        private FileBlocks blocks;
        private boolean blocksTried;
        /** Set once the file system refused to allocate blocks ahead: they then come with the writes. */
        private boolean allocationUnsupported;

        ChannelFile(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        @Override
        public int readDevice(long position, ByteBuffer dst) throws IOException {
            if (position % DIRECT_ALIGNMENT != 0 || direct() == null) {
                return read(position, dst);
            }
            int length = dst.remaining();
            int span = (length + DIRECT_ALIGNMENT - 1) / DIRECT_ALIGNMENT * DIRECT_ALIGNMENT;
            ByteBuffer aligned = ByteBuffer.allocateDirect(span + DIRECT_ALIGNMENT).alignedSlice(DIRECT_ALIGNMENT)
                    .limit(span);
            int total = 0;
            while (aligned.hasRemaining()) {
                int n = direct.read(aligned, position + total);
                if (n <= 0) {
                    break;
                }
                total += n;
                if (total % DIRECT_ALIGNMENT != 0) {
                    break; // a short read ends at the end of the file, and O_DIRECT cannot go on from there
                }
            }
            int got = Math.min(total, length);
            dst.put(aligned.flip().limit(got));
            return got;
        }

        private FileChannel direct() {
            if (!directTried && DIRECT != null) {
                directTried = true;
                try {
                    direct = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS, DIRECT);
                } catch (IOException | UnsupportedOperationException e) {
                    direct = null; // tmpfs and some others: no page cache to bypass, or no way to
                }
            }
            return direct;
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

        /** Throws {@link StorageFullException} where the file system is full. */
        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            long at = position;
            int needed = src.remaining();
            try {
                while (src.hasRemaining()) {
                    at += channel.write(src, at);
                }
            } catch (IOException e) {
                StorageFullException full = StorageFullException.ifFull(path, needed, e);
                throw full != null ? full : e;
            }
        }

        /** Throws {@link StorageFullException} where the file system is full. */
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

        /** Through {@link FileBlocks}, on a descriptor of its own opened at the first call. */
        @Override
        public void allocate(long position, long length) throws IOException {
            if (allocationUnsupported || blocks() == null) {
                return;
            }
            allocationUnsupported = !blocks.allocate(position, length);
        }

        /** Through {@link FileBlocks}, on a descriptor of its own opened at the first call. */
        @Override
        public boolean punch(long position, long length) throws IOException {
            if (blocks() == null) {
                throw new UnsupportedOperationException("punching holes in " + path + " needs Linux");
            }
            return blocks.punch(position, length);
        }

        @Override
        public boolean holeFrom(long position) throws IOException {
            if (blocks() == null) {
                throw new UnsupportedOperationException("finding the holes of " + path + " needs Linux");
            }
            return blocks.holeFrom(position);
        }

        private FileBlocks blocks() throws IOException {
            if (!blocksTried) {
                blocksTried = true;
                blocks = FileBlocks.open(path);
            }
            return blocks;
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
            try {
                channel.close();
            } finally {
                try {
                    if (direct != null) {
                        direct.close();
                    }
                } finally {
                    if (blocks != null) {
                        blocks.close();
                    }
                }
            }
        }
    }
}

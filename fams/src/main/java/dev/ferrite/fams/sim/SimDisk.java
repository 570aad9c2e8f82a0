package dev.ferrite.fams.sim;

import dev.ferrite.fams.storage.FileId;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated disk under {@link Storage}, after ALICE, CrashMonkey and SQLite's crash VFS: each
 * file keeps its durable contents plus the writes, holes punched and size changes made since its last sync, and
 * the directory keeps its durable entries plus the creations, renames and removals since its last
 * sync. {@link #pendingState()} exposes exactly what a power cut could still lose or tear; the
 * {@link CrashStates} enumerator turns it into concrete disks.
 *
 * <p>Also injects I/O errors: with {@link #failAt} set, the n-th operation throws. Every operation
 * (reads included) counts, and {@link #afterEachOperation} runs after each mutating one.
 */
public final class SimDisk implements Storage {
    /** A pending change to a file's contents. */
    public sealed interface FileOp permits Write, Truncate, Punch {}

    public record Write(long position, byte[] bytes) implements FileOp {}

    public record Truncate(long size) implements FileOp {}

    /** A hole punched: the range reads as zeros, the size stays. */
    public record Punch(long position, long length) implements FileOp {}

    /** A pending change to the directory. */
    public sealed interface DirOp permits Create, Rename, Delete {}

    public record Create(String name, Inode inode) implements DirOp {}

    public record Rename(String from, String to, Inode inode) implements DirOp {}

    public record Delete(String name) implements DirOp {}

    /** A file's identity, independent of its names. */
    public static final class Inode {
        FileImage durable = FileImage.EMPTY;
        final List<FileOp> pending = new ArrayList<>();
        private FileImage current;

        FileImage current() {
            if (current == null) {
                FileImage b = durable;
                for (FileOp op : pending) {
                    b = apply(b, op);
                }
                current = b;
            }
            return current;
        }

        void change(FileOp op) {
            pending.add(op);
            current = apply(current(), op);
        }

        void sync() {
            durable = current();
            pending.clear();
        }
    }

    private final Path dir;
    private final Map<String, Inode> names = new LinkedHashMap<>();
    private final Map<String, Inode> durableNames = new LinkedHashMap<>();
    private final List<DirOp> pendingDirOps = new ArrayList<>();
    private long operations;
    private long failAt = Long.MAX_VALUE;
    private Runnable afterEachOperation = () -> {};
    private String lastMutation = "";

    public SimDisk(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** A disk whose durable state is {@code files} (name to contents), nothing pending. */
    public static SimDisk of(Path dir, Map<String, byte[]> files) {
        Map<String, FileImage> images = new LinkedHashMap<>();
        files.forEach((name, bytes) -> images.put(name, FileImage.of(bytes)));
        return ofImages(dir, images);
    }

    /** A disk whose durable state is {@code files} (name to contents), nothing pending. */
    public static SimDisk ofImages(Path dir, Map<String, FileImage> files) {
        SimDisk d = new SimDisk(dir);
        files.forEach((name, image) -> {
            Inode i = new Inode();
            i.durable = image;
            d.names.put(name, i);
            d.durableNames.put(name, i);
        });
        return d;
    }

    /**
     * The disk a process crash leaves at this instant: everything the kernel accepted is still
     * there, but what was not synced is still pending, so a power cut afterwards can lose it.
     */
    public SimDisk afterProcessCrash() {
        SimDisk d = new SimDisk(dir);
        Map<Inode, Inode> copies = new java.util.IdentityHashMap<>();
        java.util.function.Function<Inode, Inode> copy = i -> copies.computeIfAbsent(i, k -> {
            Inode c = new Inode();
            c.durable = k.durable;
            c.pending.addAll(k.pending);
            return c;
        });
        names.forEach((n, i) -> d.names.put(n, copy.apply(i)));
        durableNames.forEach((n, i) -> d.durableNames.put(n, copy.apply(i)));
        for (DirOp op : pendingDirOps) {
            d.pendingDirOps.add(switch (op) {
                case Create c -> new Create(c.name(), copy.apply(c.inode()));
                case Rename r -> new Rename(r.from(), r.to(), copy.apply(r.inode()));
                case Delete del -> del;
            });
        }
        return d;
    }

    /** Makes the {@code n}-th operation from now (1-based) throw an {@link IOException}. */
    public void failAt(long n) {
        this.failAt = operations + n;
    }

    public void afterEachOperation(Runnable hook) {
        this.afterEachOperation = hook;
    }

    /** What the running program sees: name to current contents (each file smaller than 2 GiB). */
    public Map<String, byte[]> currentView() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        names.forEach((n, i) -> out.put(n, i.current().toBytes()));
        return out;
    }

    /** The durable directory, the durable contents and the pending operations, for crash enumeration. */
    public PendingState pendingState() {
        Map<Inode, Integer> ids = new java.util.IdentityHashMap<>();
        List<FileImage> durable = new ArrayList<>();
        List<List<FileOp>> pending = new ArrayList<>();
        java.util.function.Function<Inode, Integer> id = i -> ids.computeIfAbsent(i, k -> {
            durable.add(k.durable);
            pending.add(List.copyOf(k.pending));
            return durable.size() - 1;
        });
        Map<String, Integer> durableDir = new LinkedHashMap<>();
        durableNames.forEach((n, i) -> durableDir.put(n, id.apply(i)));
        names.values().forEach(id::apply);
        List<PendingState.DirChange> dirOps = new ArrayList<>();
        for (DirOp op : pendingDirOps) {
            dirOps.add(switch (op) {
                case Create c -> new PendingState.DirChange(c.name(), null, id.apply(c.inode()));
                case Rename r -> new PendingState.DirChange(r.to(), r.from(), id.apply(r.inode()));
                case Delete d -> new PendingState.DirChange(d.name(), null, -1);
            });
        }
        return new PendingState(durableDir, durable, pending, dirOps);
    }

    private void count() throws IOException {
        if (++operations == failAt) {
            throw new IOException("injected I/O error at storage operation " + operations);
        }
    }

    private void mutated(String what) {
        lastMutation = what;
        afterEachOperation.run();
    }

    /** The last mutating operation, like {@code "write heap.dat"} or {@code "sync heap.dat.fams-log"}. */
    public String lastMutation() {
        return lastMutation;
    }

    private String name(Path p) throws IOException {
        Path abs = p.toAbsolutePath();
        if (!dir.equals(abs.getParent())) {
            throw new IOException("simulated disk holds only " + dir + ", not " + p);
        }
        return abs.getFileName().toString();
    }

    @Override
    public StorageFile open(Path file, Mode mode) throws IOException {
        count();
        String n = name(file);
        Inode inode = names.get(n);
        if (inode == null) {
            if (mode != Mode.CREATE) {
                throw new NoSuchFileException(file.toString());
            }
            inode = new Inode();
            names.put(n, inode);
            pendingDirOps.add(new Create(n, inode));
            mutated("create " + n);
        }
        return new SimFile(n, inode, mode != Mode.READ);
    }

    @Override
    public FileId identity(Path file) throws IOException {
        String n = name(file);
        if (!names.containsKey(n)) {
            throw new NoSuchFileException(file.toString());
        }
        return identityOf(n);
    }

    /**
     * The identity this disk gives the file called {@code name}: crash states are rebuilt by name,
     * and nothing replaces a data file on this disk, so the name stands for the file. A storage
     * that reopens a crash state copied to real files must give the same.
     */
    public static FileId identityOf(String name) {
        return new FileId(1L << 32 | (name.hashCode() & 0xffffffffL), 0, 0);
    }

    /** Crash states are rebuilt from contents alone, so this disk keeps no extended attributes. */
    @Override
    public byte[] attribute(Path file, String name) {
        return null;
    }

    @Override
    public boolean setAttribute(Path file, String name, byte[] value) {
        return false;
    }

    @Override
    public boolean exists(Path file) throws IOException {
        count();
        return names.containsKey(name(file));
    }

    @Override
    public List<String> list(Path d, String prefix) throws IOException {
        count();
        if (!dir.equals(d.toAbsolutePath())) {
            return List.of();
        }
        return names.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    @Override
    public void syncDirectory(Path d) throws IOException {
        count();
        if (dir.equals(d.toAbsolutePath())) {
            durableNames.clear();
            durableNames.putAll(names);
            pendingDirOps.clear();
        }
        mutated("sync directory");
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        count();
        String f = name(from);
        String t = name(to);
        Inode i = names.remove(f);
        if (i == null) {
            throw new NoSuchFileException(from.toString());
        }
        names.put(t, i);
        pendingDirOps.add(new Rename(f, t, i));
        mutated("rename " + f + " " + t);
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        count();
        String e = name(existing);
        String l = name(link);
        Inode i = names.get(e);
        if (i == null) {
            throw new NoSuchFileException(existing.toString());
        }
        if (names.containsKey(l)) {
            throw new java.nio.file.FileAlreadyExistsException(link.toString());
        }
        names.put(l, i);
        pendingDirOps.add(new Create(l, i));
        mutated("link " + e + " " + l);
    }

    @Override
    public void delete(Path file) throws IOException {
        count();
        String n = name(file);
        if (names.remove(n) != null) {
            pendingDirOps.add(new Delete(n));
            mutated("delete " + n);
        }
    }

    static FileImage apply(FileImage b, FileOp op) {
        return switch (op) {
            case Write w -> b.write(w.position(), w.bytes());
            case Truncate t -> b.truncate(t.size());
            case Punch p -> b.punch(p.position(), p.length());
        };
    }

    private final class SimFile implements StorageFile {
        private final String name;
        private final Inode inode;
        private final boolean writable;
        private boolean closed;

        SimFile(String name, Inode inode, boolean writable) {
            this.name = name;
            this.inode = inode;
            this.writable = writable;
        }

        private void check(boolean write) throws IOException {
            count();
            if (closed) {
                throw new IOException("closed");
            }
            if (write && !writable) {
                throw new IOException("opened read-only");
            }
        }

        @Override
        public long size() throws IOException {
            check(false);
            return inode.current().size();
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            check(false);
            return inode.current().read(position, dst);
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            check(true);
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            inode.change(new Write(position, bytes));
            mutated("write " + name);
        }

        @Override
        public void truncate(long size) throws IOException {
            check(true);
            inode.change(new Truncate(size));
            mutated("truncate " + name);
        }

        /** Punches like a file system that can: the range becomes zeros, lost or kept whole by a power cut. */
        @Override
        public boolean punch(long position, long length) throws IOException {
            check(true);
            if (inode.current().zerosFrom(position) || length <= 0) {
                return false;
            }
            inode.change(new Punch(position, length));
            mutated("punch " + name);
            return true;
        }

        /** Zeros are holes here: the image keeps no blocks apart from bytes. */
        @Override
        public boolean holeFrom(long position) throws IOException {
            check(false);
            return inode.current().zerosFrom(position);
        }

        @Override
        public void syncData() throws IOException {
            sync();
        }

        @Override
        public void syncFile() throws IOException {
            sync();
        }

        private void sync() throws IOException {
            check(false);
            inode.sync();
            mutated("sync " + name);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

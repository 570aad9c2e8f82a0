package dev.ferrite.fams.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** An open file of a {@link Storage}: positional reads and writes, size changes and syncs. */
public interface StorageFile extends Closeable {

    long size() throws IOException;

    /**
     * Reads from {@code position} until {@code dst} is full or the end of the file is reached.
     *
     * @return the number of bytes read
     */
    int read(long position, ByteBuffer dst) throws IOException;

    /**
     * Reads like {@link #read}, but what the device holds, bypassing the page cache where the
     * file system allows ({@code O_DIRECT}); elsewhere the same as {@link #read}.
     */
    default int readDevice(long position, ByteBuffer dst) throws IOException {
        return read(position, dst);
    }

    /**
     * Writes all remaining bytes of {@code src} at {@code position}, extending the file if needed.
     *
     * @throws StorageFullException if the file system has no space for them (some may be written)
     */
    void write(long position, ByteBuffer src) throws IOException;

    /**
     * Sets the size: shortens the file, or extends it with zeros (sparse where supported).
     *
     * @throws StorageFullException if the file system has no space for the new end
     */
    void truncate(long size) throws IOException;

    /**
     * Gives the {@code length} bytes at {@code position}, inside the file, disk blocks ahead of the
     * writes that will fill them, without changing a byte or the size: a full file system then
     * refuses them here, before anything depends on the writes. Does nothing where blocks cannot
     * be allocated ahead (the default).
     *
     * @throws StorageFullException if the file system has no space for them
     */
    default void allocate(long position, long length) throws IOException {
    }

    /**
     * Takes the disk blocks from under the {@code length} bytes at {@code position} (punches a
     * hole): they read as zeros afterwards, and the size stays. Durable with the next sync, like a
     * write; a range that holds no data already is left alone.
     *
     * @return whether the range may have held blocks (and was punched); false if it held none, or
     *     the file system had no space to split an extent (then the range keeps its blocks)
     * @throws UnsupportedOperationException if the file system cannot punch holes
     */
    boolean punch(long position, long length) throws IOException;

    /** Whether the file holds no data from {@code position} to its end: only holes, or nothing. */
    boolean holeFrom(long position) throws IOException;

    /** Makes the written data, and the size if it changed, durable ({@code fdatasync}). */
    void syncData() throws IOException;

    /** Makes data and all metadata durable ({@code fsync}). */
    void syncFile() throws IOException;
}

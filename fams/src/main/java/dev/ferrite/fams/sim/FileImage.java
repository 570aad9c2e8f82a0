package dev.ferrite.fams.sim;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The contents of a simulated file, immutable: its size and the 4 KiB chunks that were ever
 * written; the rest reads as zeros. Sparse, because a heap file is created at its full capacity
 * (a gigabyte by default) of which a test writes a few pages. Operations return a new image that
 * shares the chunks they did not touch.
 */
public final class FileImage {
    /** Bytes per chunk. */
    public static final int CHUNK = 4096;
    /** The empty file. */
    public static final FileImage EMPTY = new FileImage(0, new TreeMap<>());

    private final long size;
    /** Chunk index to its bytes, never written after the image is built; absent chunks are zeros. */
    private final NavigableMap<Long, byte[]> chunks;

    private FileImage(long size, NavigableMap<Long, byte[]> chunks) {
        this.size = size;
        this.chunks = chunks;
    }

    /** An image holding {@code bytes}. */
    public static FileImage of(byte[] bytes) {
        return EMPTY.write(0, bytes);
    }

    public long size() {
        return size;
    }

    /** The chunks that were written, by index (bytes at {@code index * CHUNK}), unmodifiable; each array must not be changed. */
    public Map<Long, byte[]> chunks() {
        return Collections.unmodifiableMap(chunks);
    }

    /**
     * The whole contents as one array.
     *
     * @throws ArithmeticException if the file is 2 GiB or larger
     */
    public byte[] toBytes() {
        byte[] out = new byte[Math.toIntExact(size)];
        chunks.forEach((index, chunk) -> {
            long at = index * CHUNK;
            System.arraycopy(chunk, 0, out, (int) at, (int) Math.min(CHUNK, size - at));
        });
        return out;
    }

    /** Reads from {@code position} into {@code dst} until it is full or the file ends; returns the bytes read. */
    public int read(long position, ByteBuffer dst) {
        if (position >= size) {
            return 0;
        }
        int n = (int) Math.min(dst.remaining(), size - position);
        long at = position;
        long end = position + n;
        while (at < end) {
            long index = at / CHUNK;
            int from = (int) (at - index * CHUNK);
            int length = (int) Math.min(CHUNK - from, end - at);
            byte[] chunk = chunks.get(index);
            if (chunk == null) {
                dst.put(new byte[length]);
            } else {
                dst.put(chunk, from, length);
            }
            at += length;
        }
        return n;
    }

    /** This image with {@code bytes} written at {@code position}, grown if they end past it. */
    public FileImage write(long position, byte[] bytes) {
        if (bytes.length == 0) {
            return this;
        }
        NavigableMap<Long, byte[]> out = new TreeMap<>(chunks);
        long end = position + bytes.length;
        long at = position;
        while (at < end) {
            long index = at / CHUNK;
            int from = (int) (at - index * CHUNK);
            int length = (int) Math.min(CHUNK - from, end - at);
            byte[] old = out.get(index);
            byte[] chunk = old == null ? new byte[CHUNK] : old.clone();
            System.arraycopy(bytes, (int) (at - position), chunk, from, length);
            out.put(index, chunk);
            at += length;
        }
        return new FileImage(Math.max(size, end), out);
    }

    /** This image with the {@code length} bytes at {@code position} zeros (a hole), its size unchanged. */
    public FileImage punch(long position, long length) {
        long end = Math.min(size, position + length);
        if (position >= end) {
            return this;
        }
        NavigableMap<Long, byte[]> out = new TreeMap<>(chunks);
        long at = position;
        while (at < end) {
            long index = at / CHUNK;
            int from = (int) (at - index * CHUNK);
            int to = (int) Math.min(CHUNK, end - index * CHUNK);
            byte[] old = out.get(index);
            if (old != null && from == 0 && to == CHUNK) {
                out.remove(index);
            } else if (old != null) {
                byte[] chunk = old.clone();
                Arrays.fill(chunk, from, to, (byte) 0);
                out.put(index, chunk);
            }
            at = index * CHUNK + to;
        }
        return new FileImage(size, out);
    }

    /** Whether every byte from {@code position} to the end reads as zero. */
    public boolean zerosFrom(long position) {
        for (Map.Entry<Long, byte[]> e : chunks.tailMap(Math.max(0, position) / CHUNK, true).entrySet()) {
            long at = e.getKey() * CHUNK;
            int from = (int) Math.max(0, position - at);
            int to = (int) Math.min(CHUNK, size - at);
            for (int i = from; i < to; i++) {
                if (e.getValue()[i] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** This image cut or extended with zeros to {@code newSize} bytes. */
    public FileImage truncate(long newSize) {
        if (newSize >= size) {
            return newSize == size ? this : new FileImage(newSize, chunks);
        }
        NavigableMap<Long, byte[]> out = new TreeMap<>(chunks.headMap((newSize + CHUNK - 1) / CHUNK, false));
        long lastIndex = newSize / CHUNK;
        int keep = (int) (newSize - lastIndex * CHUNK);
        byte[] last = out.get(lastIndex);
        if (last != null && keep > 0) {
            // Bytes past the end must read as zeros should the file grow again.
            byte[] cut = Arrays.copyOf(last, CHUNK);
            Arrays.fill(cut, keep, CHUNK, (byte) 0);
            out.put(lastIndex, cut);
        }
        return new FileImage(newSize, out);
    }
}

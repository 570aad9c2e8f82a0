package dev.ferrite.runtime.root;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** The stored form of the root table: a count, then each root's name and record offset. */
public final class RootCodec {
    private static final int MAX_ROOTS = 1 << 20;

    private RootCodec() {}

    public static byte[] encode(Map<String, Long> roots) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(roots.size());
            for (Map.Entry<String, Long> root : roots.entrySet()) {
                out.writeUTF(root.getKey());
                out.writeLong(root.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a root table.
     *
     * @throws IllegalArgumentException saying what is wrong with the bytes
     */
    public static TreeMap<String, Long> decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int count = in.readInt();
            if (count < 0 || count > MAX_ROOTS) {
                throw new IllegalArgumentException("impossible number of roots: " + count);
            }
            TreeMap<String, Long> roots = new TreeMap<>();
            for (int r = 0; r < count; r++) {
                String name = in.readUTF();
                if (roots.put(name, in.readLong()) != null) {
                    throw new IllegalArgumentException("root \"" + name + "\" appears twice");
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " bytes after the last root");
            }
            return roots;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or malformed: " + e, e);
        }
    }
}

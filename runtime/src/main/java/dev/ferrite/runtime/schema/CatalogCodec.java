package dev.ferrite.runtime.schema;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The stored form of the type catalog: a count, then per type its schema name, type id,
 * version, size and fields (name, kind, offset, element size, length, since, target, enum
 * constants, and for collection fields the key and value types: catalogs written before
 * collection fields existed have none, so they read as they always did). Little-endian does not apply here: it is a {@link DataOutputStream} byte stream,
 * read back with every count and value checked.
 */
public final class CatalogCodec {
    private static final FieldKind[] KINDS = FieldKind.values();
    /** Bounds that no real struct reaches; a larger count is damage, not data. */
    private static final int MAX_TYPES = 1 << 16;
    private static final int MAX_FIELDS = 1 << 16;

    private CatalogCodec() {}

    public static byte[] encode(Collection<TypeEntry> types) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(types.size());
            for (TypeEntry type : types) {
                out.writeUTF(type.schemaName());
                out.writeInt(type.typeId());
                out.writeInt(type.version());
                out.writeLong(type.size());
                out.writeInt(type.fields().size());
                for (FieldDescriptor field : type.fields()) {
                    out.writeUTF(field.name());
                    out.writeByte(field.kind().ordinal());
                    out.writeLong(field.offset());
                    out.writeLong(field.elementSize());
                    out.writeInt(field.length());
                    out.writeInt(field.since());
                    out.writeUTF(field.target());
                    out.writeInt(field.constants().size());
                    for (String constant : field.constants()) {
                        out.writeUTF(constant);
                    }
                    if (field.isCollection()) {
                        out.writeUTF(field.keys());
                        out.writeUTF(field.values());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a catalog.
     *
     * @throws IllegalArgumentException saying what is wrong with the bytes
     */
    public static List<TypeEntry> decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int count = count(in.readInt(), MAX_TYPES, "types");
            List<TypeEntry> types = new ArrayList<>(count);
            for (int t = 0; t < count; t++) {
                String name = in.readUTF();
                int typeId = in.readInt();
                if (typeId != StructType.typeIdOf(name)) {
                    throw new IllegalArgumentException("type " + name + " has id 0x" + Integer.toHexString(typeId)
                            + ", expected 0x" + Integer.toHexString(StructType.typeIdOf(name)));
                }
                int version = in.readInt();
                long size = in.readLong();
                if (version < 1 || version > 0xFFFF || size < 8 || size > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("type " + name + " has version " + version + " and size " + size);
                }
                int fieldCount = count(in.readInt(), MAX_FIELDS, "fields of " + name);
                List<FieldDescriptor> fields = new ArrayList<>(fieldCount);
                for (int f = 0; f < fieldCount; f++) {
                    fields.add(field(in, name, size));
                }
                types.add(new TypeEntry(name, typeId, version, size, fields));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException(in.available() + " bytes after the last type");
            }
            return types;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or malformed: " + e, e);
        }
    }

    private static FieldDescriptor field(DataInputStream in, String type, long size) throws IOException {
        String name = in.readUTF();
        int kind = in.readUnsignedByte();
        if (kind >= KINDS.length) {
            throw new IllegalArgumentException("field " + type + "." + name + " has unknown kind " + kind);
        }
        long offset = in.readLong();
        long elementSize = in.readLong();
        int length = in.readInt();
        int since = in.readInt();
        if (offset < 8 || offset > size || elementSize < 1 || elementSize > size || length < 1 || length > size
                || offset + elementSize * length > size || since < 1) {
            throw new IllegalArgumentException("field " + type + "." + name + " does not fit a record of "
                    + size + " bytes: offset " + offset + ", " + length + " x " + elementSize + " bytes");
        }
        String target = in.readUTF();
        int constantCount = count(in.readInt(), MAX_FIELDS, "constants of " + type + "." + name);
        List<String> constants = new ArrayList<>(constantCount);
        for (int c = 0; c < constantCount; c++) {
            constants.add(in.readUTF());
        }
        FieldDescriptor field = new FieldDescriptor(name, KINDS[kind], offset, elementSize, length, since, target,
                constants);
        return field.isCollection() ? field.collection(in.readUTF(), in.readUTF()) : field;
    }

    private static int count(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("impossible number of " + what + ": " + value);
        }
        return value;
    }
}

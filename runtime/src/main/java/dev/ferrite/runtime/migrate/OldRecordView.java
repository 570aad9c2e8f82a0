package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.MigrationHook;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** A copy of a record in its old layout, for hooks: the heap may already hold the new one in its place. */
final class OldRecordView implements MigrationHook.OldRecord {
    private final HeapCore core;
    private final SchemaDocument type;
    private final MemorySegment bytes;
    private final long offset;

    OldRecordView(HeapCore core, SchemaDocument type, MemorySegment bytes, long offset) {
        this.core = core;
        this.type = type;
        this.bytes = bytes;
        this.offset = offset;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public int version() {
        return RecordHeader.version(bytes, 0);
    }

    @Override
    public boolean has(String field) {
        return type.fields().stream().anyMatch(f -> f.name().equals(field));
    }

    @Override
    public long longValue(String field) {
        FieldDescriptor descriptor = field(field);
        return switch (descriptor.kind()) {
            case BYTE, SHORT, CHAR, INT, LONG, BOOLEAN, ENUM, REFERENCE ->
                    FieldMapping.integral(bytes, descriptor.offset(), descriptor.kind());
            default -> throw wrongKind(descriptor, "an integral, boolean, enum or reference");
        };
    }

    @Override
    public double doubleValue(String field) {
        FieldDescriptor descriptor = field(field);
        return switch (descriptor.kind()) {
            case FLOAT -> bytes.get(LittleEndian.FLOAT, descriptor.offset());
            case DOUBLE -> bytes.get(LittleEndian.DOUBLE, descriptor.offset());
            case BYTE, SHORT, CHAR, INT, LONG -> FieldMapping.integral(bytes, descriptor.offset(), descriptor.kind());
            default -> throw wrongKind(descriptor, "a numeric");
        };
    }

    @Override
    public String stringValue(String field) {
        FieldDescriptor descriptor = field(field);
        return switch (descriptor.kind()) {
            case STRING -> core.readString(bytes.get(LittleEndian.LONG, descriptor.offset()));
            case FIXED_STRING -> {
                int length = Short.toUnsignedInt(bytes.get(LittleEndian.SHORT, descriptor.offset()));
                yield new String(bytes.asSlice(descriptor.offset() + 2, length).toArray(LittleEndian.BYTE),
                        StandardCharsets.UTF_8);
            }
            default -> throw wrongKind(descriptor, "a string");
        };
    }

    @Override
    public String enumName(String field) {
        FieldDescriptor descriptor = field(field);
        if (descriptor.kind() != FieldKind.ENUM) {
            throw wrongKind(descriptor, "an enum");
        }
        int code = bytes.get(LittleEndian.INT, descriptor.offset());
        return code <= 0 || code > descriptor.constants().size() ? null : descriptor.constants().get(code - 1);
    }

    private FieldDescriptor field(String name) {
        for (FieldDescriptor field : type.fields()) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        throw new IllegalArgumentException(type.schemaName() + " version " + type.version() + " has no field " + name
                + "; it has " + type.fields().stream().map(FieldDescriptor::name).toList());
    }

    private IllegalArgumentException wrongKind(FieldDescriptor field, String wanted) {
        return new IllegalArgumentException(type.schemaName() + "." + field.name() + " is a " + field.kind()
                + " field, not " + wanted + " one");
    }
}

package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.RecordHeader;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The full integrity check behind {@code ferrite verify}: what opening a heap checks (header,
 * page table, catalog, roots) plus every allocated block. A record of a catalogued type must fit
 * its block and carry a version the catalog knows; its references must lead to live records of
 * their target type, its strings to valid UTF-8 string blocks, its enum codes to constants.
 * Blocks of types outside the catalog belong to the runtime's collections, which check their
 * own structure.
 */
final class HeapVerifier {
    private static final int MAX_PROBLEMS = 1000;

    private final MemorySegment segment;
    private final Allocator allocator;
    private final Map<Integer, TypeEntry> catalog;
    private final IntFunction<String> typeNames;
    private final List<String> problems = new ArrayList<>();

    HeapVerifier(MemorySegment segment, Allocator allocator, Map<Integer, TypeEntry> catalog, IntFunction<String> typeNames) {
        this.segment = segment;
        this.allocator = allocator;
        this.catalog = catalog;
        this.typeNames = typeNames;
    }

    List<String> verify() {
        allocator.forEachBlock((offset, size) -> {
            if (problems.size() >= MAX_PROBLEMS) {
                return;
            }
            int typeId = RecordHeader.typeId(segment, offset);
            if (typeId == HeapCore.STRING_TYPE) {
                checkString(offset, "string block at offset " + offset);
                return;
            }
            TypeEntry type = catalog.get(typeId);
            if (type != null) {
                checkRecord(offset, size, type);
            }
        });
        return List.copyOf(problems);
    }

    private void checkRecord(long offset, long blockSize, TypeEntry type) {
        String record = type.schemaName() + " record at offset " + offset;
        if (type.size() > blockSize) {
            problems.add(record + ": needs " + type.size() + " bytes, its block has " + blockSize);
            return;
        }
        int version = RecordHeader.version(segment, offset);
        if (version < 1 || version > type.version()) {
            problems.add(record + ": version " + version + ", but the catalog knows versions 1 to " + type.version());
            return;
        }
        for (FieldDescriptor field : type.fields()) {
            if (field.since() > version) {
                continue;
            }
            for (int i = 0; i < field.length(); i++) {
                long at = offset + field.offset() + i * field.elementSize();
                String where = record + ", field " + field.name() + (field.length() == 1 ? "" : "[" + i + "]");
                switch (field.kind()) {
                    case REFERENCE -> checkReference(segment.get(LittleEndian.LONG, at), field.target(), where);
                    case STRING -> checkStringReference(segment.get(LittleEndian.LONG, at), where);
                    case ENUM -> {
                        int code = segment.get(LittleEndian.INT, at);
                        if (code < 0 || (!field.constants().isEmpty() && code > field.constants().size())) {
                            problems.add(where + ": enum code " + code + " is not one of the "
                                    + field.constants().size() + " constants");
                        }
                    }
                    default -> { }
                }
            }
        }
    }

    private void checkReference(long reference, String target, String where) {
        if (reference == 0) {
            return;
        }
        if (allocator.blockSize(reference) == 0) {
            problems.add(where + ": refers to offset " + reference + ", where no block is allocated");
            return;
        }
        int found = RecordHeader.typeId(segment, reference);
        if (found != StructType.typeIdOf(target)) {
            problems.add(where + ": refers to offset " + reference + ", which holds a " + typeNames.apply(found)
                    + ", not a " + target);
        }
    }

    /** Only that a string is there: its contents are checked once, with its block. */
    private void checkStringReference(long reference, String where) {
        if (reference != 0 && (allocator.blockSize(reference) == 0
                || RecordHeader.typeId(segment, reference) != HeapCore.STRING_TYPE)) {
            problems.add(where + ": refers to offset " + reference + ", where no string block is allocated");
        }
    }

    private void checkString(long offset, String where) {
        long block = allocator.blockSize(offset);
        if (block == 0 || RecordHeader.typeId(segment, offset) != HeapCore.STRING_TYPE) {
            problems.add(where + ": no string block there");
            return;
        }
        int length = segment.get(LittleEndian.INT, offset + RecordHeader.SIZE);
        if (length < 0 || length > block - RecordHeader.SIZE - 4) {
            problems.add(where + ": length " + length + " does not fit its block of " + block + " bytes");
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(segment.asSlice(offset + RecordHeader.SIZE + 4, length).asByteBuffer());
        } catch (CharacterCodingException e) {
            problems.add(where + ": not valid UTF-8");
        }
    }
}

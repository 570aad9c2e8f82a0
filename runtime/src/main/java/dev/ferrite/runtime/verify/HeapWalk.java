package dev.ferrite.runtime.verify;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.VerifyReport;
import dev.ferrite.runtime.VerifyReport.Kind;
import dev.ferrite.runtime.VerifyReport.Problem;
import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.ChunkedList;
import dev.ferrite.runtime.collection.CollectionFieldTypes;
import dev.ferrite.runtime.collection.MapHeader;
import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.TreeVerifier;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.heap.HeapStrings;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one integrity check of a heap, behind both {@code Heap.verify()} and {@code ferrite
 * verify}: lists the allocated blocks, marks what the roots reach while checking it (records
 * through the catalog's fields, strings, collections through their own checks), reports the rest
 * as leaks, and then checks the leaked blocks as well, so that a damaged record is reported whether
 * or not anything reaches it.
 */
public final class HeapWalk {
    private static final int PROGRESS_STEP = 4096;

    private final HeapCore core;
    private final MemorySegment segment;
    private final Path path;
    private final VerifyReport.Progress progress;
    private final Map<Integer, TypeEntry> typesById = new HashMap<>();
    private final Map<String, TypeEntry> typesByName = new HashMap<>();
    private final long dataStart;
    private final long top;

    private final BlockIndex blocks = new BlockIndex();
    /** Strings already referenced by a field: each belongs to exactly one, which frees it when replaced. */
    private final BitSet ownedStrings = new BitSet();
    /** Collections already held by a collection field: each belongs to one record, which frees it. */
    private final BitSet ownedCollections = new BitSet();
    private long processed;

    private final List<Problem> problems = new ArrayList<>();
    private long omitted;
    private long records;
    private long strings;
    /** Embedded struct types whose layout the catalog lacks, so what they reference is unknown. */
    private final Set<String> unknownEmbedded = new TreeSet<>();
    /** Whether a collection failed its check, so that its blocks may be unknown to the walk. */
    private boolean damagedCollection;

    public HeapWalk(HeapCore core, Path path, VerifyReport.Progress progress) {
        this.core = core;
        this.segment = core.segment();
        this.path = path;
        this.progress = progress;
        for (TypeEntry type : core.types()) {
            typesById.put(type.typeId(), type);
            typesByName.put(type.schemaName(), type);
        }
        this.dataStart = core.dataStart();
        this.top = core.extent();
    }

    /** Walks the heap and reports what it found. */
    public VerifyReport run() {
        HeapHeader.damagedCopies(segment).forEach(damage -> problem(Kind.HEADER, 0, damage));
        listBlocks();
        markMetadata(core.catalogBlock(), "type catalog");
        markMetadata(core.rootTableBlock(), "root table");
        for (String root : core.rootNames()) {
            long offset = core.root(root);
            if (!blocks.reach(offset)) {
                problem(Kind.REFERENCE, offset, "root \"" + root + "\" points at offset " + offset
                        + ", where no allocated block starts");
            }
        }
        processPending();
        int reachable = blocks.reachedCount();
        long reachedRecords = records;
        long reachedStrings = strings;
        checkLeaks(reportLeaks());
        progress.update(blocks.count(), blocks.count());
        List<String> notes = new ArrayList<>();
        if (!unknownEmbedded.isEmpty()) {
            notes.add("the catalog holds no layout for the embedded struct types " + unknownEmbedded
                    + ", so references and strings inside them were not followed; records and strings only they"
                    + " refer to are not reported as leaks");
        }
        if (damagedCollection) {
            notes.add("the blocks of a damaged collection cannot all be found, so blocks of collections that"
                    + " nothing reaches are not reported as leaks");
        }
        return new VerifyReport(path, blocks.count(), blocks.bytes(), reachable, reachedRecords, reachedStrings,
                problems, omitted, notes);
    }

    private void processPending() {
        while (blocks.hasPending()) {
            long offset = blocks.nextPending();
            try {
                process(offset);
            } catch (RuntimeException e) {
                // Damage no check foresaw must still end up in the report, not abort the walk.
                problem(Kind.RECORD, offset, "checking the block at offset " + offset + " failed: " + e);
            }
            if (++processed % PROGRESS_STEP == 0) {
                progress.update(processed, blocks.count());
            }
        }
    }

    /** Checks the blocks nothing reaches, and what they reach, once their leaks are reported. */
    private void checkLeaks(List<Long> leaked) {
        for (long offset : leaked) {
            blocks.reach(offset);
            processPending();
        }
    }

    // ---- blocks

    private void listBlocks() {
        core.forEachBlock((offset, size) -> {
            long overlapped = blocks.add(offset, size);
            if (overlapped >= 0) {
                problem(Kind.ALLOCATOR, offset, "the block at offset " + offset + " overlaps the block at offset "
                        + overlapped);
            }
        });
    }

    private void markMetadata(long offset, String what) {
        if (offset != 0) {
            int index = blocks.indexOf(offset);
            if (index < 0) {
                problem(Kind.ALLOCATOR, offset, "the " + what + " at offset " + offset + " is not an allocated block");
            } else {
                blocks.reachUnchecked(index);
            }
        }
    }

    private void process(long offset) {
        int typeId = RecordHeader.typeId(segment, offset);
        long size = blocks.size(blocks.indexOf(offset));
        TypeEntry type = typesById.get(typeId);
        if (type != null) {
            record(offset, size, type);
        } else if (typeId == HeapStrings.TYPE) {
            string(offset, size);
        } else if (typeId == NodeFormat.MAP_TYPE_ID) {
            map(offset);
        } else if (typeId == ChunkedList.HEADER_TYPE_ID) {
            list(offset);
        } else if (!isCollectionPart(typeId)) {
            // Collection parts are reached, and checked, through their collection.
            problem(Kind.RECORD, offset, "the block at offset " + offset + " holds type id 0x"
                    + Integer.toHexString(typeId) + ", which is no type in the catalog: its header is damaged");
        }
    }

    private static boolean isCollectionPart(int typeId) {
        return typeId == NodeFormat.LEAF_TYPE_ID || typeId == NodeFormat.BRANCH_TYPE_ID
                || typeId == NodeFormat.KEY_TYPE_ID || typeId == NodeFormat.CONSTANTS_TYPE_ID
                || typeId == ChunkedList.DIRECTORY_TYPE_ID
                || typeId == ChunkedList.CHUNK_TYPE_ID;
    }

    /** Reports the blocks nothing reaches as leaks, and returns all of them. */
    private List<Long> reportLeaks() {
        List<Long> unreached = new ArrayList<>();
        for (int index = blocks.nextUnreached(0); index < blocks.count(); index = blocks.nextUnreached(index + 1)) {
            long offset = blocks.offset(index);
            unreached.add(offset);
            int typeId = RecordHeader.typeId(segment, offset);
            if (!unknownEmbedded.isEmpty() && (typesById.containsKey(typeId) || typeId == HeapStrings.TYPE)) {
                continue;
            }
            if (damagedCollection && isCollectionPart(typeId)) {
                continue;
            }
            problem(Kind.LEAK, offset, "the block at offset " + offset + " (" + blocks.size(index) + " bytes, a "
                    + core.typeName(typeId) + ") is allocated but not reachable from any root");
        }
        return unreached;
    }

    // ---- records

    private void record(long offset, long blockSize, TypeEntry type) {
        records++;
        String where = type.schemaName() + " record at offset " + offset;
        if (type.size() > blockSize) {
            problem(Kind.RECORD, offset, where + ": needs " + type.size() + " bytes, its block has " + blockSize);
            return;
        }
        fields(offset, type, where, offset);
    }

    /** Checks the fields of the record (or embedded record) at {@code base}. */
    private void fields(long base, TypeEntry type, String where, long blame) {
        int version = RecordHeader.version(segment, base);
        if (version < 1 || version > type.version()) {
            problem(Kind.RECORD, blame, where + ": version " + version + ", but the catalog knows versions 1 to "
                    + type.version());
            return;
        }
        for (FieldDescriptor field : type.fields()) {
            if (field.since() > version) {
                continue;
            }
            for (int i = 0; i < field.length(); i++) {
                long at = base + field.offset() + i * field.elementSize();
                String name = where + ", field " + field.name() + (field.length() == 1 ? "" : "[" + i + "]");
                field(field, at, name, blame);
            }
        }
    }

    private void field(FieldDescriptor field, long at, String where, long blame) {
        switch (field.kind()) {
            case REFERENCE -> reference(segment.get(LittleEndian.LONG, at), StructType.typeIdOf(field.target()),
                    field.target(), where, blame);
            case STRING -> stringReference(segment.get(LittleEndian.LONG, at), where, blame);
            case LONG -> handle(segment.get(LittleEndian.LONG, at));
            case ENUM -> {
                int code = segment.get(LittleEndian.INT, at);
                if (code < 0 || code > field.constants().size()) {
                    problem(Kind.RECORD, blame, where + ": enum code " + code + " is not one of the "
                            + field.constants().size() + " constants of " + field.target());
                }
            }
            case BOOLEAN -> {
                byte value = segment.get(LittleEndian.BYTE, at);
                if (value != 0 && value != 1) {
                    problem(Kind.RECORD, blame, where + ": boolean byte " + value + " at offset " + at
                            + " is neither 0 nor 1");
                }
            }
            case FIXED_STRING -> fixedString(at, field.elementSize(), where, blame);
            case INLINE -> embedded(at, field.target(), where, blame);
            case SORTED_MAP, LIST -> collectionField(field, segment.get(LittleEndian.LONG, at), where, blame);
            default -> { }
        }
    }

    private void fixedString(long at, long elementSize, String where, long blame) {
        int length = Short.toUnsignedInt(segment.get(LittleEndian.SHORT, at));
        if (length > elementSize - 2) {
            problem(Kind.RECORD, blame, where + ": fixed string length " + length + " at offset " + at
                    + " exceeds its " + (elementSize - 2) + " bytes");
        } else if (!validUtf8(at + 2, length)) {
            problem(Kind.STRING, blame, where + ": the fixed string at offset " + at + " is not valid UTF-8");
        }
    }

    private void embedded(long at, String target, String where, long blame) {
        TypeEntry type = typesByName.get(target);
        if (type == null) {
            unknownEmbedded.add(target);
            return;
        }
        int typeId = RecordHeader.typeId(segment, at);
        if (typeId != type.typeId()) {
            problem(Kind.RECORD, blame, where + ": the embedded " + target + " at offset " + at
                    + " has the header of a " + core.typeName(typeId));
            return;
        }
        fields(at, type, where, blame);
    }

    /**
     * Checks a stored {@link Reference} to a record of {@code typeId} (any record for 0) and marks
     * its target: a block must start there, holding a record of that type and of the reference's
     * generation (another generation means the record referred to was freed and its block reused).
     */
    private void reference(long reference, int typeId, String target, String where, long blame) {
        if (reference == 0) {
            return;
        }
        long offset = Reference.offset(reference);
        String wrong = wrongPlace(offset);
        if (wrong != null) {
            problem(Kind.REFERENCE, blame, where + ": refers to offset " + offset + ", " + wrong);
            return;
        }
        int found = RecordHeader.typeId(segment, offset);
        if (typeId != 0 && found != typeId) {
            problem(Kind.REFERENCE, blame, where + ": refers to offset " + offset + ", which holds a "
                    + core.typeName(found) + ", not a " + target);
            return;
        }
        int generation = RecordHeader.generation(segment, offset);
        if (generation != Reference.generation(reference)) {
            problem(Kind.REFERENCE, blame, where + ": refers to the " + target + " of generation "
                    + Reference.generation(reference) + " at offset " + offset + ", which holds one of generation "
                    + generation + ": the record referred to was freed and its block reused (a dangling reference)");
            return;
        }
        blocks.reach(offset);
    }

    private void stringReference(long reference, String where, long blame) {
        if (reference == 0) {
            return;
        }
        String wrong = wrongPlace(reference);
        if (wrong == null && RecordHeader.typeId(segment, reference) != HeapStrings.TYPE) {
            wrong = "which holds a " + core.typeName(RecordHeader.typeId(segment, reference)) + ", not a string";
        }
        if (wrong != null) {
            problem(Kind.REFERENCE, blame, where + ": refers to the string at offset " + reference + ", " + wrong);
            return;
        }
        int index = blocks.indexOf(reference);
        if (ownedStrings.get(index)) {
            problem(Kind.REFERENCE, blame, where + ": refers to the string at offset " + reference
                    + ", which another field refers to as well; a string belongs to one field, which frees it"
                    + " when the value is replaced");
            return;
        }
        ownedStrings.set(index);
        blocks.reach(reference);
    }

    /** Why no block can be at {@code reference}, or null if an allocated block starts there. */
    private String wrongPlace(long reference) {
        if (reference < dataStart || reference >= top) {
            return "outside the heap's data pages [" + dataStart + ", " + top + ")";
        }
        if ((reference & 7) != 0) {
            return "which is not 8-aligned";
        }
        if (blocks.indexOf(reference) < 0) {
            return "where no allocated block starts (freed while still referenced?)";
        }
        return null;
    }

    /**
     * Checks the handle in a collection field: 0 (not created yet) or a collection of the field's
     * types that no other field holds; marks the collection, which is then checked as a block.
     */
    private void collectionField(FieldDescriptor field, long handle, String where, long blame) {
        if (handle == 0) {
            return;
        }
        String wrong = wrongPlace(handle);
        if (wrong != null) {
            problem(Kind.REFERENCE, blame, where + ": holds the collection handle " + handle + ", " + wrong);
            return;
        }
        Optional<String> mismatch = CollectionFieldTypes.mismatch(segment, handle, field);
        if (mismatch.isPresent()) {
            problem(Kind.COLLECTION, blame, where + ": the collection at offset " + handle + " " + mismatch.get());
            return;
        }
        int index = blocks.indexOf(handle);
        if (ownedCollections.get(index)) {
            problem(Kind.REFERENCE, blame, where + ": holds the collection at offset " + handle
                    + ", which another collection field holds as well; a collection belongs to one record, which"
                    + " frees it");
            return;
        }
        ownedCollections.set(index);
        blocks.reach(handle);
    }

    /** A {@code long} that holds the handle of a collection keeps that collection alive. */
    private void handle(long value) {
        if (value >= dataStart && value < top && (value & 7) == 0 && blocks.indexOf(value) >= 0) {
            int typeId = RecordHeader.typeId(segment, value);
            if (typeId == NodeFormat.MAP_TYPE_ID || typeId == ChunkedList.HEADER_TYPE_ID) {
                blocks.reach(value);
            }
        }
    }

    // ---- strings

    private void string(long offset, long blockSize) {
        strings++;
        int length = segment.get(LittleEndian.INT, offset + HeapStrings.LENGTH);
        if (length < 0 || length > blockSize - HeapStrings.BYTES) {
            problem(Kind.STRING, offset, "the string at offset " + offset + " has length " + length
                    + ", which does not fit its block of " + blockSize + " bytes");
        } else if (!validUtf8(offset + HeapStrings.BYTES, length)) {
            problem(Kind.STRING, offset, "the string at offset " + offset + " is not valid UTF-8");
        }
    }

    private boolean validUtf8(long at, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(segment.asSlice(at, length).asByteBuffer());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    // ---- collections

    private void map(long offset) {
        MapHeader header;
        TreeVerifier.Report report;
        try {
            header = MapHeader.read(segment, offset);
            report = TreeVerifier.verify(core, offset);
        } catch (FerriteException | IllegalArgumentException | IndexOutOfBoundsException e) {
            collectionProblem(offset, "the sorted map at offset " + offset + ": " + e.getMessage());
            return;
        }
        report.problems().forEach(problem -> collectionProblem(offset, "the sorted map at offset " + offset + ": " + problem));
        report.blocks().forEach(blocks::reach);
        if (!report.problems().isEmpty() || header.values() == ValueKind.STRUCT) {
            return; // owned struct values are among the map's blocks
        }
        if (header.values() == ValueKind.DOUBLE) {
            return;
        }
        BPlusTree tree = BPlusTree.open(core, offset);
        for (long block : report.blocks()) {
            if (RecordHeader.typeId(segment, block) != NodeFormat.LEAF_TYPE_ID) {
                continue;
            }
            long[] payloads = tree.payloads(block);
            for (int i = 0; i < payloads.length; i++) {
                payload(header.values(), header.valueTypeId(), payloads[i],
                        "the sorted map at offset " + offset + ", leaf at offset " + block + ", entry " + i, offset);
            }
        }
    }

    private void list(long offset) {
        ChunkedList.Description description;
        ChunkedList list;
        List<String> listProblems = new ArrayList<>();
        try {
            description = ChunkedList.describe(segment, offset);
            list = ChunkedList.open(core, offset);
            list.verify(listProblems).forEach(blocks::reach);
        } catch (CorruptHeapException | IllegalArgumentException | IndexOutOfBoundsException e) {
            collectionProblem(offset, "the list at offset " + offset + ": " + e.getMessage());
            return;
        }
        listProblems.forEach(problem -> collectionProblem(offset, "the list at offset " + offset + ": " + problem));
        if (!listProblems.isEmpty()) {
            return;
        }
        if (description.values() == ValueKind.DOUBLE) {
            return;
        }
        for (long i = 0; i < list.size(); i++) {
            payload(description.values(), description.typeId(), list.get(i),
                    "the list at offset " + offset + ", element " + i, offset);
        }
    }

    /** Follows a collection's payload: a reference, an owned string, or a long that may be a handle. */
    private void payload(ValueKind kind, int typeId, long payload, String where, long collection) {
        switch (kind) {
            case REFERENCE -> reference(payload, typeId, core.typeName(typeId), where, collection);
            case STRING -> stringReference(payload, where, collection);
            case LONG -> handle(payload);
            case DOUBLE, STRUCT -> {
                // doubles point nowhere; owned struct records are among the collection's blocks
            }
        }
    }

    private void collectionProblem(long offset, String message) {
        damagedCollection = true;
        problem(Kind.COLLECTION, offset, message);
    }

    private void problem(Kind kind, long offset, String message) {
        if (problems.size() < VerifyReport.MAX_PROBLEMS) {
            problems.add(new Problem(kind, offset, message));
        } else {
            omitted++;
        }
    }
}

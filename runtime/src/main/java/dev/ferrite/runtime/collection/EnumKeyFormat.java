package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Enum keys: a 4-byte slot holding the constant's ordinal, so that a map iterates in ordinal
 * order, as a {@code TreeMap} or {@code EnumMap} of the enum does.
 *
 * <p>An ordinal means nothing without the enum it came from, so the map records the names of
 * the constants, in ordinal order, in a <b>{@code ferrite.SortedMap.Constants}</b> block that its
 * header points at (written when the first key is stored, and again when a key's ordinal lies
 * beyond the recorded names). Opening the map {@linkplain #bind binds} the enum class and checks
 * it against the recorded names: constants may be appended to the enum, but a constant that was
 * removed, renamed or moved makes the open fail, naming both lists, instead of letting keys
 * silently turn into other constants. This is the rule of enum fields in structs.
 *
 * <p>The constants block: the record header, the number of names (i32), the bytes of the names
 * that follow (i32), then each name as its UTF-8 length (u16) and bytes.
 */
public final class EnumKeyFormat extends KeyFormat {
    private static final long COUNT = 8;
    private static final long NAME_BYTES = 12;
    private static final long NAMES = 16;

    private final BlockHeap heap;
    private final MemorySegment segment;
    private final long header;
    /** The constants of the bound enum, by ordinal; null until {@link #bind}. */
    private Object[] constants;
    private int search;

    EnumKeyFormat(BlockHeap heap, long header) {
        this.heap = heap;
        this.segment = heap.segment();
        this.header = header;
    }

    /**
     * Makes {@code type} the enum of the keys, after checking it against the constant names the
     * map recorded.
     *
     * @throws IllegalArgumentException if the recorded names are not the first constants of
     *     {@code type}, in the same order
     */
    public void bind(Class<? extends Enum<?>> type) {
        Enum<?>[] current = type.getEnumConstants();
        List<String> now = new ArrayList<>(current.length);
        for (Enum<?> constant : current) {
            now.add(constant.name());
        }
        List<String> recorded = recordedNames();
        if (recorded.size() > now.size() || !now.subList(0, recorded.size()).equals(recorded)) {
            throw new IllegalArgumentException("the sorted map at handle " + header + " stores its keys by the ordinals"
                    + " of the enum constants " + recorded + ", but " + type.getName() + " now has " + now
                    + ": constants may be appended, never removed, renamed or reordered");
        }
        constants = current;
    }

    /** The constant names the map recorded, in ordinal order; empty while it has stored no key. */
    public List<String> recordedNames() {
        long block = mapBlock();
        int count = recordedCount(block);
        List<String> names = new ArrayList<>(count);
        long at = block + NAMES;
        long end = at + segment.get(LittleEndian.INT, block + NAME_BYTES);
        for (int i = 0; i < count; i++) {
            int length = at + 2 <= end ? Short.toUnsignedInt(segment.get(LittleEndian.SHORT, at)) : -1;
            if (length < 0 || at + 2 + length > end) {
                throw corrupt(block, "name " + i + " runs past the block's " + (end - block - NAMES) + " bytes of names");
            }
            byte[] utf8 = new byte[length];
            MemorySegment.copy(segment, LittleEndian.BYTE, at + 2, utf8, 0, length);
            names.add(new String(utf8, StandardCharsets.UTF_8));
            at += 2 + length;
        }
        return names;
    }

    /** The number of names in the constants block {@code block}, checked to be one; 0 for none. */
    private int recordedCount(long block) {
        if (block == 0) {
            return 0;
        }
        if (block < 0 || block > segment.byteSize() - NAMES
                || RecordHeader.typeId(segment, block) != NodeFormat.CONSTANTS_TYPE_ID) {
            throw new CorruptHeapException("sorted map at offset " + header
                    + " does not point at a block of enum constant names (points at " + block + ")");
        }
        int count = segment.get(LittleEndian.INT, block + COUNT);
        int bytes = segment.get(LittleEndian.INT, block + NAME_BYTES);
        if (count < 0 || bytes < 0 || bytes > segment.byteSize() - NAMES - block) {
            throw corrupt(block, count + " names in " + bytes + " bytes");
        }
        return count;
    }

    private CorruptHeapException corrupt(long block, String what) {
        return new CorruptHeapException("enum constant names at offset " + block + " of the sorted map at offset "
                + header + ": " + what);
    }

    @Override
    public void prepareKey(Object key) {
        search = ((Enum<?>) key).ordinal();
    }

    @Override
    public EnumKeyFormat searchingKey(Object key) {
        EnumKeyFormat format = new EnumKeyFormat(heap, header);
        format.search = ((Enum<?>) key).ordinal();
        return format;
    }

    @Override
    public int code() {
        return ENUM;
    }

    @Override
    public int slotSize() {
        return 4;
    }

    @Override
    int compareTo(long slot) {
        return Integer.compare(search, segment.get(LittleEndian.INT, slot));
    }

    @Override
    void store(MemorySegment target, long slot) {
        if (search >= recordedCount(mapBlock())) {
            recordConstants();
        }
        target.set(LittleEndian.INT, slot, search);
    }

    /** Records the names of all the bound enum's constants, replacing the recorded ones. */
    private void recordConstants() {
        if (constants == null) {
            throw new IllegalStateException("enum keys are stored only through a map that knows their enum");
        }
        List<byte[]> names = new ArrayList<>(constants.length);
        int bytes = 0;
        for (Object constant : constants) {
            byte[] name = ((Enum<?>) constant).name().getBytes(StandardCharsets.UTF_8);
            names.add(name);
            bytes += 2 + name.length;
        }
        long block = heap.allocate(NAMES + bytes);
        RecordHeader.write(segment, block, NodeFormat.CONSTANTS_TYPE_ID, NodeFormat.VERSION);
        segment.set(LittleEndian.INT, block + COUNT, names.size());
        segment.set(LittleEndian.INT, block + NAME_BYTES, bytes);
        long at = block + NAMES;
        for (byte[] name : names) {
            segment.set(LittleEndian.SHORT, at, (short) name.length);
            MemorySegment.copy(name, 0, segment, LittleEndian.BYTE, at + 2, name.length);
            at += 2 + name.length;
        }
        heap.markDirty(block, NAMES + bytes);
        long replaced = mapBlock();
        if (replaced != 0) {
            heap.free(replaced);
        }
        segment.set(LittleEndian.LONG, header + NodeFormat.CONSTANTS, block);
        heap.markDirty(header + NodeFormat.CONSTANTS, 8);
    }

    @Override
    void duplicate(long from, MemorySegment target, long to) {
        target.set(LittleEndian.INT, to, segment.get(LittleEndian.INT, from));
    }

    @Override
    void release(long slot) {
        // enum keys own nothing outside their slot; the constants block belongs to the map
    }

    /** The bound enum's constant, or the recorded name of the constant if no enum is bound. */
    @Override
    Object read(long slot) {
        int ordinal = segment.get(LittleEndian.INT, slot);
        if (constants != null) {
            if (ordinal < 0 || ordinal >= constants.length) {
                throw new CorruptHeapException("key slot at offset " + slot + " holds ordinal " + ordinal + ", but "
                        + constants.getClass().getComponentType().getName() + " has " + constants.length + " constants");
            }
            return constants[ordinal];
        }
        List<String> names = recordedNames();
        if (ordinal < 0 || ordinal >= names.size()) {
            throw new CorruptHeapException(slotProblem(slot));
        }
        return names.get(ordinal);
    }

    @Override
    int compareSlots(long a, long b) {
        return Integer.compare(segment.get(LittleEndian.INT, a), segment.get(LittleEndian.INT, b));
    }

    @Override
    long outOfLine(long slot) {
        return 0;
    }

    @Override
    long mapBlock() {
        return segment.get(LittleEndian.LONG, header + NodeFormat.CONSTANTS);
    }

    @Override
    String slotProblem(long slot) {
        int ordinal = segment.get(LittleEndian.INT, slot);
        int recorded = recordedCount(mapBlock());
        return ordinal >= 0 && ordinal < recorded ? null
                : "key slot at offset " + slot + " holds ordinal " + ordinal + ", outside the " + recorded
                        + " recorded enum constants";
    }
}

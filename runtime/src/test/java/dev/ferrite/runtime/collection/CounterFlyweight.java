package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** The flyweight of {@link Counter}, shaped like generated code. */
public final class CounterFlyweight extends Flyweight implements Counter {
    public static final long SIZE = 16;
    public static final int VERSION = 1;
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("header"),
            ValueLayout.JAVA_LONG.withName("count"));
    public static final StructType<Counter> TYPE = new StructType<>(
            Counter.class,
            "test.Counter",
            StructType.typeIdOf("test.Counter"),
            VERSION,
            SIZE,
            LAYOUT,
            List.of(FieldDescriptor.of("count", FieldKind.LONG, 8, 8)),
            CounterFlyweight::new);

    @Override
    public StructType<?> structType() {
        return TYPE;
    }

    @Override
    public long count() {
        return segment.get(LittleEndian.LONG, base + 8);
    }

    @Override
    public void count(long value) {
        segment.set(LittleEndian.LONG, base + 8, value);
        store.markDirty(base + 8, 8);
    }
}

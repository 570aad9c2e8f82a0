package dev.ferrite.runtime.testing;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;

/** The flyweight of {@link Counter}, in the form the processor generates. */
public final class CounterFlyweight extends Flyweight implements Counter {
    public static final long SIZE = 16L;
    public static final int VERSION = 1;
    public static final long VALUE_OFFSET = 8L;
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            LittleEndian.INT.withName("typeId"),
            LittleEndian.SHORT.withName("version"),
            LittleEndian.SHORT.withName("flags"),
            LittleEndian.LONG.withName("value"));
    public static final StructType<Counter> TYPE = new StructType<>(
            Counter.class,
            "test.Counter",
            StructType.typeIdOf("test.Counter"),
            VERSION,
            SIZE,
            LAYOUT,
            List.of(FieldDescriptor.of("value", FieldKind.LONG, VALUE_OFFSET, 8)),
            CounterFlyweight::new);

    public CounterFlyweight() {}

    @Override
    public StructType<Counter> structType() {
        return TYPE;
    }

    @Override
    public long value() {
        return segment.get(LittleEndian.LONG, base + VALUE_OFFSET);
    }

    @Override
    public void value(long value) {
        segment.set(LittleEndian.LONG, base + VALUE_OFFSET, value);
        store.markDirty(base + VALUE_OFFSET, 8L);
    }
}

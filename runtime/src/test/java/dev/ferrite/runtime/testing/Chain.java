package dev.ferrite.runtime.testing;

import dev.ferrite.runtime.struct.FieldChange;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemoryLayout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A struct whose one long field is renamed twice, as three versions of {@code test.Chain}
 * would declare it. Its records are read and written as raw longs at the field offsets, so no
 * accessors are needed: the versions differ only in their {@link StructType}.
 * <ul>
 *   <li>v1: {@code a} at 8.</li>
 *   <li>v2: {@code b} at 8, {@code @RenamedFrom(value = "a", since = 2)}; and a new {@code a} at 16,
 *       {@code @Since(2)}, that reuses the old name.</li>
 *   <li>v3: {@code c} at 8, renamed from {@code a} (since 2) and {@code b} (since 3); the
 *       second {@code a} is {@code @RemovedField(name = "a", since = 3)}.</li>
 * </ul>
 */
public interface Chain {
    String NAME = "test.Chain";

    StructType<Chain> V1 = type(1, 16, List.of(FieldDescriptor.of("a", FieldKind.LONG, 8, 8)), Map.of(), List.of());
    StructType<Chain> V2 = type(2, 24,
            List.of(FieldDescriptor.of("b", FieldKind.LONG, 8, 8), FieldDescriptor.of("a", FieldKind.LONG, 16, 8).since(2)),
            Map.of("b", List.of(new FieldChange("a", 2))), List.of());
    StructType<Chain> V3 = type(3, 16, List.of(FieldDescriptor.of("c", FieldKind.LONG, 8, 8)),
            Map.of("c", List.of(new FieldChange("a", 2), new FieldChange("b", 3))), List.of(new FieldChange("a", 3)));

    /** A version of {@code test.Chain}; the schema document of those above is among the test resources. */
    static StructType<Chain> type(int version, long size, List<FieldDescriptor> fields,
            Map<String, List<FieldChange>> renames, List<FieldChange> removals) {
        AtomicReference<StructType<Chain>> self = new AtomicReference<>();
        self.set(new StructType<>(Chain.class, NAME, StructType.typeIdOf(NAME), version, size,
                MemoryLayout.structLayout(LittleEndian.LONG.withName("header"), MemoryLayout.paddingLayout(size - 8)),
                fields, () -> new ChainFlyweight(self.get())).withEvolution(renames, removals));
        return self.get();
    }

    /** The flyweight of every version: it only knows its type. */
    final class ChainFlyweight extends Flyweight implements Chain {
        private final StructType<Chain> type;

        ChainFlyweight(StructType<Chain> type) {
            this.type = type;
        }

        @Override
        public StructType<?> structType() {
            return type;
        }
    }
}

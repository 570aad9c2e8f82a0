package dev.ferrite.runtime.testing;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;

/** The flyweight of {@link AccountMoved}, in the form the processor generates. */
public final class AccountMovedFlyweight extends Flyweight implements AccountMoved {
    public static final long SIZE = 48L;
    public static final int VERSION = 1;
    public static final long ID_OFFSET = 16L;
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            LittleEndian.INT.withName("typeId"),
            LittleEndian.SHORT.withName("version"),
            LittleEndian.SHORT.withName("flags"),
            LittleEndian.LONG.withName("balance"),
            LittleEndian.LONG.withName("id"),
            LittleEndian.LONG.withName("memo"),
            LittleEndian.LONG.withName("referrer"),
            MemoryLayout.paddingLayout(8L).withName("reserve"));
    public static final StructType<AccountMoved> TYPE = new StructType<>(
            AccountMoved.class,
            "test.Account",
            StructType.typeIdOf("test.Account"),
            VERSION,
            SIZE,
            LAYOUT,
            List.of(
                    FieldDescriptor.of("balance", FieldKind.LONG, 8L, 8),
                    FieldDescriptor.of("id", FieldKind.LONG, ID_OFFSET, 8),
                    FieldDescriptor.of("memo", FieldKind.STRING, 24L, 8),
                    FieldDescriptor.of("referrer", FieldKind.REFERENCE, 32L, 8).target("test.Account")),
            AccountMovedFlyweight::new);

    public AccountMovedFlyweight() {}

    @Override
    public StructType<AccountMoved> structType() {
        return TYPE;
    }

    @Override
    public long id() {
        return segment.get(LittleEndian.LONG, base + ID_OFFSET);
    }
}

package dev.ferrite.runtime.testing;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;

/** The flyweight of {@link AccountV2}, in the form the processor generates. */
public final class AccountV2Flyweight extends Flyweight implements AccountV2 {
    public static final long SIZE = 48L;
    public static final int VERSION = 2;
    public static final long ID_OFFSET = 8L;
    public static final long BONUS_OFFSET = 40L;
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            LittleEndian.INT.withName("typeId"),
            LittleEndian.SHORT.withName("version"),
            LittleEndian.SHORT.withName("flags"),
            LittleEndian.LONG.withName("id"),
            LittleEndian.LONG.withName("balance"),
            LittleEndian.LONG.withName("memo"),
            LittleEndian.LONG.withName("referrer"),
            LittleEndian.LONG.withName("bonus"));
    public static final StructType<AccountV2> TYPE = new StructType<>(
            AccountV2.class,
            "test.Account",
            StructType.typeIdOf("test.Account"),
            VERSION,
            SIZE,
            LAYOUT,
            List.of(
                    FieldDescriptor.of("id", FieldKind.LONG, ID_OFFSET, 8),
                    FieldDescriptor.of("balance", FieldKind.LONG, 16L, 8),
                    FieldDescriptor.of("memo", FieldKind.STRING, 24L, 8),
                    FieldDescriptor.of("referrer", FieldKind.REFERENCE, 32L, 8).target("test.Account"),
                    FieldDescriptor.of("bonus", FieldKind.LONG, BONUS_OFFSET, 8).since(2)),
            AccountV2Flyweight::new);

    public AccountV2Flyweight() {}

    @Override
    public StructType<AccountV2> structType() {
        return TYPE;
    }

    @Override
    public long id() {
        return segment.get(LittleEndian.LONG, base + ID_OFFSET);
    }

    @Override
    public void id(long value) {
        segment.set(LittleEndian.LONG, base + ID_OFFSET, value);
        store.markDirty(base + ID_OFFSET, 8L);
    }

    @Override
    public long bonus() {
        return recordVersion() < 2 ? 0L : segment.get(LittleEndian.LONG, base + BONUS_OFFSET);
    }

    @Override
    public void bonus(long value) {
        upgradeTo(2);
        segment.set(LittleEndian.LONG, base + BONUS_OFFSET, value);
        store.markDirty(base + BONUS_OFFSET, 8L);
    }
}

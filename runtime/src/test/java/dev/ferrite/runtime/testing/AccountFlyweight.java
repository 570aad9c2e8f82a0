package dev.ferrite.runtime.testing;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructStore;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;

/** The flyweight of {@link Account}, in the form the processor generates. */
public final class AccountFlyweight extends Flyweight implements Account {
    public static final long SIZE = 48L;
    public static final int VERSION = 1;
    public static final long ID_OFFSET = 8L;
    public static final long BALANCE_OFFSET = 16L;
    public static final long MEMO_OFFSET = 24L;
    public static final long REFERRER_OFFSET = 32L;
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            LittleEndian.INT.withName("typeId"),
            LittleEndian.SHORT.withName("version"),
            LittleEndian.SHORT.withName("flags"),
            LittleEndian.LONG.withName("id"),
            LittleEndian.LONG.withName("balance"),
            LittleEndian.LONG.withName("memo"),
            LittleEndian.LONG.withName("referrer"),
            MemoryLayout.paddingLayout(8L).withName("reserve"));
    public static final StructType<Account> TYPE = new StructType<>(
            Account.class,
            "test.Account",
            StructType.typeIdOf("test.Account"),
            VERSION,
            SIZE,
            LAYOUT,
            List.of(
                    FieldDescriptor.of("id", FieldKind.LONG, ID_OFFSET, 8),
                    FieldDescriptor.of("balance", FieldKind.LONG, BALANCE_OFFSET, 8),
                    FieldDescriptor.of("memo", FieldKind.STRING, MEMO_OFFSET, 8),
                    FieldDescriptor.of("referrer", FieldKind.REFERENCE, REFERRER_OFFSET, 8).target("test.Account")),
            AccountFlyweight::new);

    public AccountFlyweight() {}

    public AccountFlyweight wrap(StructStore store, long offset) {
        rebind(store, offset);
        return this;
    }

    @Override
    public StructType<Account> structType() {
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
    public long balance() {
        return segment.get(LittleEndian.LONG, base + BALANCE_OFFSET);
    }

    @Override
    public void balance(long value) {
        segment.set(LittleEndian.LONG, base + BALANCE_OFFSET, value);
        store.markDirty(base + BALANCE_OFFSET, 8L);
    }

    @Override
    public String memo() {
        return store.readString(segment.get(LittleEndian.LONG, base + MEMO_OFFSET));
    }

    @Override
    public void memo(String value) {
        long at = base + MEMO_OFFSET;
        segment.set(LittleEndian.LONG, at, store.replaceString(segment.get(LittleEndian.LONG, at), value));
        store.markDirty(at, 8L);
    }

    @Override
    public Account referrer() {
        return store.dereference(segment.get(LittleEndian.LONG, base + REFERRER_OFFSET), AccountFlyweight.TYPE);
    }

    @Override
    public void referrer(Account value) {
        segment.set(LittleEndian.LONG, base + REFERRER_OFFSET, store.referenceTo(value, AccountFlyweight.TYPE));
        store.markDirty(base + REFERRER_OFFSET, 8L);
    }

    @Override
    public String toString() {
        return "Account[id=" + id() + ", balance=" + balance() + "]";
    }
}

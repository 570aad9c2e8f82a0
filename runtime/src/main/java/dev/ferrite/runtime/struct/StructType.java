package dev.ferrite.runtime.struct;

import dev.ferrite.runtime.format.RecordHeader;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * The runtime descriptor of a persistent struct: its schema name, type id, version, size, layout
 * and fields, and a factory of flyweights. Each generated flyweight class publishes one as
 * {@code TYPE}; {@link #of(Class)} finds it for an interface.
 *
 * @param <T> the annotated interface
 */
public final class StructType<T> {
    private static final ClassValue<StructType<?>> BY_INTERFACE = new ClassValue<>() {
        @Override
        protected StructType<?> computeValue(Class<?> type) {
            return lookUp(type);
        }
    };

    private final Class<T> javaType;
    private final String schemaName;
    private final int typeId;
    private final int version;
    private final long size;
    private final StructLayout layout;
    private final List<FieldDescriptor> fields;
    private final Supplier<? extends T> factory;
    private final int reserve;
    private final Map<String, List<FieldChange>> renames;
    private final List<FieldChange> removals;

    /**
     * Describes a struct; called from the static initializer of the generated flyweight.
     *
     * @param factory creates an unbound flyweight, a subclass of {@link Flyweight}
     */
    public StructType(
            Class<T> javaType,
            String schemaName,
            int typeId,
            int version,
            long size,
            StructLayout layout,
            List<FieldDescriptor> fields,
            Supplier<? extends T> factory) {
        this(javaType, schemaName, typeId, version, size, layout, fields, factory, 0, Map.of(), List.of());
    }

    private StructType(
            Class<T> javaType,
            String schemaName,
            int typeId,
            int version,
            long size,
            StructLayout layout,
            List<FieldDescriptor> fields,
            Supplier<? extends T> factory,
            int reserve,
            Map<String, List<FieldChange>> renames,
            List<FieldChange> removals) {
        this.javaType = Objects.requireNonNull(javaType, "javaType");
        this.schemaName = Objects.requireNonNull(schemaName, "schemaName");
        this.typeId = typeId;
        this.version = version;
        this.size = size;
        this.layout = Objects.requireNonNull(layout, "layout");
        this.fields = List.copyOf(fields);
        this.factory = Objects.requireNonNull(factory, "factory");
        this.reserve = reserve;
        Map<String, List<FieldChange>> copy = new TreeMap<>();
        renames.forEach((field, previous) -> copy.put(field, List.copyOf(previous)));
        this.renames = Collections.unmodifiableMap(copy);
        this.removals = List.copyOf(removals);
    }

    /**
     * This type with the {@code reserve} its struct declares: the bytes after the fields of
     * version 1 kept free for fields of later versions. The generated {@code TYPE} of a struct
     * with a reserve is built with it, so that the type describes its exported schema in full.
     */
    public StructType<T> withReserve(int reserve) {
        return new StructType<>(javaType, schemaName, typeId, version, size, layout, fields, factory, reserve, renames,
                removals);
    }

    /**
     * This type with the renames and removals its struct declares ({@code @RenamedFrom}, {@code
     * @RemovedField}), which a migration applies to records of older versions; the generated
     * {@code TYPE} of a struct that declares any is built with it.
     *
     * @param renames the previous names of each renamed field, by its current name
     * @param removals the fields that earlier versions had and later ones dropped
     */
    public StructType<T> withEvolution(Map<String, List<FieldChange>> renames, List<FieldChange> removals) {
        return new StructType<>(javaType, schemaName, typeId, version, size, layout, fields, factory, reserve, renames,
                removals);
    }

    /** The bytes reserved after the fields of version 1 ({@code @PersistentStruct(reserve)}). */
    public int reserve() {
        return reserve;
    }

    /**
     * The previous names of each renamed field, by its current name, sorted by name, as {@code
     * @RenamedFrom} declares them: a stored field of an older version under a previous name holds
     * the value of the field it was renamed into; empty if none.
     */
    public Map<String, List<FieldChange>> renames() {
        return renames;
    }

    /** The fields that earlier versions had and a later one removed ({@code @RemovedField}); empty if none. */
    public List<FieldChange> removals() {
        return removals;
    }

    /**
     * The descriptor of a {@code @PersistentStruct} interface, from its generated flyweight
     * ({@code com.acme.Account} → {@code com.acme.AccountFlyweight}, nested {@code Outer.Inner} →
     * {@code Outer_InnerFlyweight}).
     *
     * @throws IllegalArgumentException if the interface has no generated flyweight
     */
    @SuppressWarnings("unchecked")
    public static <T> StructType<T> of(Class<T> javaType) {
        return (StructType<T>) BY_INTERFACE.get(javaType);
    }

    private static StructType<?> lookUp(Class<?> javaType) {
        if (!javaType.isInterface()) {
            throw new IllegalArgumentException(
                    javaType.getName() + " is not a @PersistentStruct interface");
        }
        String flyweight = flyweightName(javaType);
        try {
            Class<?> generated = Class.forName(flyweight, true, javaType.getClassLoader());
            Object type = generated.getField("TYPE").get(null);
            if (type instanceof StructType<?> structType && structType.javaType == javaType) {
                return structType;
            }
            throw new IllegalArgumentException(flyweight + ".TYPE does not describe " + javaType.getName());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "no generated flyweight " + flyweight + " for " + javaType.getName()
                            + ": is it annotated with @PersistentStruct, and is ferrite-processor"
                            + " in the compiler's annotationProcessorPaths?",
                    e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read " + flyweight + ".TYPE", e);
        }
    }

    private static String flyweightName(Class<?> javaType) {
        String packageName = javaType.getPackageName();
        StringBuilder simple = new StringBuilder(javaType.getSimpleName());
        for (Class<?> outer = javaType.getEnclosingClass(); outer != null; outer = outer.getEnclosingClass()) {
            simple.insert(0, outer.getSimpleName() + "_");
        }
        return packageName.isEmpty() ? simple + "Flyweight" : packageName + "." + simple + "Flyweight";
    }

    /**
     * The type id stored in record headers for a schema name: the CRC-32C of its UTF-8 bytes,
     * with {@code 0} (never a record) mapped to {@code 1}. The processor computes the same and
     * rejects two structs whose ids collide.
     */
    public static int typeIdOf(String schemaName) {
        CRC32C crc = new CRC32C();
        crc.update(schemaName.getBytes(StandardCharsets.UTF_8));
        int id = (int) crc.getValue();
        return id == 0 ? 1 : id;
    }

    /** The annotated interface. */
    public Class<T> javaType() {
        return javaType;
    }

    /** The stable schema name stored in heaps. */
    public String schemaName() {
        return schemaName;
    }

    /** The type id stored in the header of every record of this type. */
    public int typeId() {
        return typeId;
    }

    /** The schema version of the compiled struct. */
    public int version() {
        return version;
    }

    /** Bytes per record, header and padding included. */
    public long size() {
        return size;
    }

    /** The exact layout, with named fields and explicit padding. */
    public StructLayout layout() {
        return layout;
    }

    /** The fields in layout order. */
    public List<FieldDescriptor> fields() {
        return fields;
    }

    /** The field called {@code name}. */
    public FieldDescriptor field(String name) {
        for (FieldDescriptor field : fields) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        throw new IllegalArgumentException(schemaName + " has no field " + name);
    }

    /** A new flyweight over the record at {@code offset}; the header is not checked. */
    public T wrap(StructStore store, long offset) {
        T flyweight = factory.get();
        ((Flyweight) flyweight).bind(store, offset);
        return flyweight;
    }

    /**
     * Writes the header of a new record at {@code offset}, and those of the records embedded in
     * it, marks them dirty and returns a flyweight over it. The fields are left as they are: a
     * store hands out zeroed memory.
     */
    public T initialize(StructStore store, long offset) {
        return initialize(store, offset, 0);
    }

    /**
     * {@link #initialize(StructStore, long)} for a record of {@code generation}, which the heap
     * gives each record it allocates (see {@link RecordHeader}).
     */
    public T initialize(StructStore store, long offset, int generation) {
        RecordHeader.write(store.segment(), offset, typeId, version, generation);
        store.markDirty(offset, RecordHeader.SIZE);
        T flyweight = wrap(store, offset);
        ((Flyweight) flyweight).initializeEmbedded();
        return flyweight;
    }

    @Override
    public String toString() {
        return schemaName + " v" + version + " (" + size + " bytes, type id 0x"
                + Integer.toHexString(typeId) + ")";
    }
}

package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.Map;

/** Names of the runtime types that generated code uses. */
final class Runtime {
    private static final String RUNTIME = "dev.ferrite.runtime";
    private static final String STRUCT = RUNTIME + ".struct";

    static final ClassName FLYWEIGHT = ClassName.get(STRUCT, "Flyweight");
    static final ClassName STRUCT_STORE = ClassName.get(STRUCT, "StructStore");
    static final ClassName STRUCT_TYPE = ClassName.get(STRUCT, "StructType");
    static final ClassName FIELD_DESCRIPTOR = ClassName.get(STRUCT, "FieldDescriptor");
    static final ClassName FIELD_CHANGE = ClassName.get(STRUCT, "FieldChange");
    static final ClassName FIELD_KIND = ClassName.get(STRUCT, "FieldKind");
    static final ClassName LITTLE_ENDIAN = ClassName.get(STRUCT, "LittleEndian");
    static final ClassName COLLECTION_FIELDS = ClassName.get(RUNTIME, "CollectionFields");
    static final ClassName PERSISTENT_SORTED_MAP = ClassName.get(RUNTIME, "PersistentSortedMap");
    static final ClassName PERSISTENT_LIST = ClassName.get(RUNTIME, "PersistentList");
    static final ClassName KEY_TYPE = ClassName.get(RUNTIME, "KeyType");
    static final ClassName VALUE_TYPE = ClassName.get(RUNTIME, "ValueType");
    static final ClassName MEMORY_LAYOUT = ClassName.get(MemoryLayout.class);
    static final ClassName STRUCT_LAYOUT = ClassName.get(StructLayout.class);
    static final ClassName LIST = ClassName.get(List.class);
    static final ClassName MAP = ClassName.get(Map.class);
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    private Runtime() {}
}

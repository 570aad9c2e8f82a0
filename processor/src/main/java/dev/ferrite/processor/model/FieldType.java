package dev.ferrite.processor.model;

import java.util.List;
import java.util.Objects;

/** What one element of a field stores; how many bytes that takes is decided by the layout. */
public sealed interface FieldType {

    /** The name of the runtime's {@code FieldKind} constant for this type. */
    String kindName();

    /** One of the eight primitives. */
    record Primitive(PrimitiveKind kind) implements FieldType {
        public Primitive {
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String kindName() {
            return kind.name();
        }
    }

    /**
     * An enum, stored as a 4-byte code: {@code 0} for {@code null}, else ordinal + 1.
     *
     * @param type the enum class
     * @param binaryName the enum's binary class name ({@code com.acme.Account$Status})
     * @param constants the constant names in ordinal order
     */
    record EnumType(TypeRef type, String binaryName, List<String> constants) implements FieldType {
        public EnumType {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(binaryName, "binaryName");
            constants = List.copyOf(constants);
        }

        @Override
        public String kindName() {
            return "ENUM";
        }
    }

    /** A {@code @FixedString} inline UTF-8 string of at most {@code maxBytes} bytes. */
    record FixedString(int maxBytes) implements FieldType {
        public FixedString {
            if (maxBytes < 1 || maxBytes > 65535) {
                throw new IllegalArgumentException("fixed string limit " + maxBytes + " outside [1, 65535]");
            }
        }

        @Override
        public String kindName() {
            return "FIXED_STRING";
        }
    }

    /** A {@code String} allocated on the heap, stored as an 8-byte reference. */
    record HeapString() implements FieldType {
        @Override
        public String kindName() {
            return "STRING";
        }
    }

    /**
     * A reference to a record of another (or the same) struct, stored as an 8-byte offset.
     *
     * @param target the referenced struct interface
     * @param schemaName the referenced struct's schema name
     */
    record Reference(TypeRef target, String schemaName) implements FieldType {
        public Reference {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(schemaName, "schemaName");
        }

        @Override
        public String kindName() {
            return "REFERENCE";
        }
    }

    /** An {@code @Inline} embedded copy of another struct's whole record. */
    record Inline(StructModel target) implements FieldType {
        public Inline {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String kindName() {
            return "INLINE";
        }
    }

    /**
     * A {@code PersistentSortedMap<K, V>} that the record owns, stored as the 8-byte handle of the
     * map's header block: {@code 0} until the getter first creates the map.
     */
    record SortedMap(CollectionElement keys, CollectionElement values) implements FieldType {
        public SortedMap {
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(values, "values");
        }

        @Override
        public String kindName() {
            return "SORTED_MAP";
        }
    }

    /**
     * A {@code PersistentList<E>} that the record owns, stored as the 8-byte handle of the list's
     * header block: {@code 0} until the getter first creates the list.
     */
    record ListOf(CollectionElement elements) implements FieldType {
        public ListOf {
            Objects.requireNonNull(elements, "elements");
        }

        @Override
        public String kindName() {
            return "LIST";
        }
    }
}

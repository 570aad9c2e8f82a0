package dev.ferrite.processor.model;

import java.util.Objects;

/**
 * The key or value type of a collection field: one of the runtime's {@code KeyType} or {@code
 * ValueType} constants, or an enum or struct type that the runtime's factory methods take.
 *
 * @param kind which of them
 * @param type the enum or struct interface for {@link Kind#ENUM}, {@link Kind#REFERENCE} and
 *     {@link Kind#STRUCT}; {@code null} otherwise
 * @param name the enum's binary name, or the struct's schema name; empty otherwise
 */
public record CollectionElement(Kind kind, TypeRef type, String name) {

    /** The kinds of keys and values a collection field may have. */
    public enum Kind {
        /** {@code Long}: {@code KeyType.LONG} or {@code ValueType.LONG}. */
        LONG("long"),
        /** {@code Integer} keys: {@code KeyType.INT}. */
        INT("int"),
        /** {@code String}: {@code KeyType.STRING} or {@code ValueType.STRING}. */
        STRING("String"),
        /** {@code java.util.UUID} keys: {@code KeyType.UUID}. */
        UUID("UUID"),
        /** {@code byte[]} keys: {@code KeyType.BYTES}. */
        BYTES("byte[]"),
        /** {@code Double} values: {@code ValueType.DOUBLE}. */
        DOUBLE("double"),
        /** Enum keys: {@code KeyType.enumType(E.class)}. */
        ENUM("enum"),
        /** References to records the collection does not own: {@code ValueType.reference(T.class)}. */
        REFERENCE("reference"),
        /** Struct records the map owns ({@code @Owned}): {@code ValueType.struct(T.class)}. */
        STRUCT("struct");

        private final String schemaText;

        Kind(String schemaText) {
            this.schemaText = schemaText;
        }
    }

    public CollectionElement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if ((type != null) != (kind == Kind.ENUM || kind == Kind.REFERENCE || kind == Kind.STRUCT)) {
            throw new IllegalArgumentException(kind + " with type " + type);
        }
    }

    /** A key or value of a fixed kind ({@code long}, {@code String}...). */
    public static CollectionElement of(Kind kind) {
        return new CollectionElement(kind, null, "");
    }

    /** Whether the values are struct records, referenced or owned. */
    public boolean isStruct() {
        return kind == Kind.REFERENCE || kind == Kind.STRUCT;
    }

    /**
     * How schemas name this key or value type: {@code long}, {@code String}, {@code enum
     * com.acme.Color}, {@code reference}, {@code struct} (the struct's name is the field's target).
     */
    public String schemaText() {
        return kind == Kind.ENUM ? kind.schemaText + " " + name : kind.schemaText;
    }
}

package dev.ferrite.processor.diag;

import java.util.Locale;

/**
 * Every error the processor reports, each with a stable tag that starts its message ({@code
 * [Ferrite/UnsupportedType] ...}) so that users and tests can recognize it. Each message says
 * what is wrong, the value at fault, and what to do instead.
 */
public enum Diagnostic {
    NOT_AN_INTERFACE(
            "NotAnInterface",
            "@PersistentStruct is on the %s %s, but a persistent struct must be an interface;"
                    + " declare it as an interface with accessor methods"),
    GENERIC_STRUCT(
            "GenericStruct",
            "persistent struct %s declares type parameters %s, but a record has one fixed layout;"
                    + " remove the type parameters"),
    INVALID_VERSION(
            "InvalidVersion",
            "@PersistentStruct(version = %d) on %s: the version must be from 1 to 65535"),
    NEGATIVE_RESERVE(
            "NegativeReserve",
            "@PersistentStruct(reserve = %d) on %s: the reserve must be 0 or more spare bytes"),
    INVALID_SCHEMA_NAME(
            "InvalidSchemaName",
            "@PersistentStruct(name = \"%s\") on %s: a schema name is dot-separated segments of letters,"
                    + " digits, '_', '$' and '-' (it names a folder and a resource); use a name like"
                    + " \"com.acme.Account\""),
    NOT_ACCESSIBLE(
            "NotAccessible",
            "%s cannot be used by generated code in its package because %s is private; make it"
                    + " package-private or public"),
    RUNTIME_MISSING(
            "RuntimeMissing",
            "%s needs dev.ferrite.runtime.struct.Flyweight, which is not on the class path; add the"
                    + " dev.ferrite:ferrite-runtime dependency"),
    FLYWEIGHT_EXISTS(
            "FlyweightExists",
            "cannot generate %s for %s: %s; the name is taken, rename the existing type or the struct"),
    INHERITED_ACCESSOR(
            "InheritedAccessor",
            "persistent struct %s inherits the abstract method %s from %s; declare every accessor in the"
                    + " struct itself, or give the inherited method a default implementation"),
    UNSUPPORTED_TYPE(
            "UnsupportedType",
            "%s has the type %s, which a persistent struct cannot store; use a primitive, an enum, String,"
                    + " or another @PersistentStruct interface"),
    UNEXPECTED_PARAMETERS(
            "UnexpectedParameters",
            "%s returns a value but takes parameters %s; a getter takes none, an @Array getter takes"
                    + " (int index), and a setter returns void or %s"),
    SETTER_WITHOUT_GETTER(
            "SetterWithoutGetter",
            "setter %s has no getter %s; declare the getter, which defines the field and its type"),
    SETTER_TYPE_MISMATCH(
            "SetterTypeMismatch",
            "setter %s takes %s, but its getter %s declares the field as %s; the setter must be %s"),
    SETTER_RETURN_TYPE(
            "SetterReturnType",
            "setter %s returns %s; a setter returns void, or %s for chaining"),
    DUPLICATE_ACCESSOR(
            "DuplicateAccessor",
            "%s is a second %s for the field \"%s\" (the first is %s); remove one of them"),
    RESERVED_NAME(
            "ReservedName",
            "the accessor name %s clashes with a method of every flyweight; rename the field"),
    ANNOTATION_ON_SETTER(
            "AnnotationOnSetter",
            "@%s is on the setter %s; put it on the getter %s, which defines the field"),
    SINCE_TOO_LOW(
            "SinceTooLow",
            "@Since(%d) on %s: fields of version 1 need no @Since, and later versions start at 2;"
                    + " remove the annotation or use @Since(2) or higher"),
    SINCE_ABOVE_VERSION(
            "SinceAboveVersion",
            "@Since(%d) on %s is above the struct's version %d; raise @PersistentStruct(version = %d)"
                    + " or lower @Since"),
    FIXED_STRING_TYPE(
            "FixedStringType",
            "@FixedString is on %s, whose type is %s; @FixedString applies to String only, remove it"),
    FIXED_STRING_LIMIT(
            "FixedStringLimit",
            "@FixedString(%d) on %s: the limit must be from 1 to 65535 bytes"),
    ARRAY_INDEX(
            "ArrayIndex",
            "@Array getter %s takes %s; it must take exactly one int index: %s(int index)"),
    ARRAY_LENGTH(
            "ArrayLength",
            "@Array(length = %d) on %s: the length must be at least 1"),
    INLINE_NOT_STRUCT(
            "InlineNotStruct",
            "@Inline is on %s, whose type %s is not a @PersistentStruct interface; remove @Inline,"
                    + " or annotate %s with @PersistentStruct"),
    INLINE_SETTER(
            "InlineSetter",
            "%s sets the @Inline field \"%s\", which has no setter: the getter returns a view that"
                    + " writes through; remove the setter and copy fields through the view"),
    INLINE_CYCLE(
            "InlineCycle",
            "@Inline on %s embeds structs in a cycle (%s), which would need an infinite record; make one"
                    + " of them a reference by removing its @Inline"),
    COLLECTION_TYPE_ARGUMENTS(
            "CollectionTypeArguments",
            "%s has the type %s; a collection field names its key and value types, as in"
                    + " PersistentSortedMap<String, Long> or PersistentList<Long>, without wildcards or type"
                    + " variables"),
    UNSUPPORTED_COLLECTION_KEY(
            "UnsupportedCollectionKey",
            "%s has keys of type %s, which a persistent sorted map cannot hold; use one of %s"),
    UNSUPPORTED_COLLECTION_VALUE(
            "UnsupportedCollectionValue",
            "%s has %s of type %s, which a persistent %s cannot hold; use one of %s, or a"
                    + " @PersistentStruct interface"),
    COLLECTION_SETTER(
            "CollectionSetter",
            "%s sets the collection field \"%s\", which has no setter: the getter returns the record's own"
                    + " collection, created empty on first use; remove the setter and change the collection"
                    + " through the getter"),
    COLLECTION_ARRAY(
            "CollectionArray",
            "@Array is on %s, a collection field; a record holds one collection per field: remove @Array, or"
                    + " use a PersistentList"),
    OWNED_MISPLACED(
            "OwnedMisplaced",
            "@Owned is on %s, whose type is %s; @Owned applies to a PersistentSortedMap field whose values"
                    + " are a @PersistentStruct interface (lists hold references): remove it"),
    TYPE_ID_COLLISION(
            "TypeIdCollision",
            "the schema name \"%s\" of %s has the type id %s, the same as \"%s\" of %s; set"
                    + " @PersistentStruct(name = ...) on one of them to another name"),
    DUPLICATE_SCHEMA_NAME(
            "DuplicateSchemaName",
            "the schema name \"%s\" of %s is already used by %s (names that differ only in case share a"
                    + " folder on some file systems); set @PersistentStruct(name = ...) to a name of its own"),
    EVOLUTION_SINCE(
            "EvolutionSince",
            "@%s(since = %d) on %s: since is the first version with the change, from 2 to the struct's"
                    + " version %d%s; raise @PersistentStruct(version = ...) or correct since"),
    RENAMED_FROM_CONFLICT(
            "RenamedFromConflict",
            "@RenamedFrom(\"%s\") on %s: %s; name the field's previous name, which no field of the struct"
                    + " has now"),
    REMOVED_FIELD_CONFLICT(
            "RemovedFieldConflict",
            "@RemovedField(name = \"%s\") on %s: %s; declare each removed field once, under a name no"
                    + " field of the struct has now"),
    EVOLUTION_OUTSIDE_STRUCT(
            "EvolutionOutsideStruct",
            "@%s is on %s, which is not %s; it declares a change to the fields of a persistent struct:"
                    + " remove it, or move it to the struct"),
    SCHEMA_INCOMPATIBLE(
            "IncompatibleSchema",
            "%s version %d changes the field \"%s\" of exported version %d (%s); existing records would"
                    + " be misread: keep the field as it was and add new fields with @Since instead, or declare"
                    + " the change with @RenamedFrom or @RemovedField and migrate heaps with `ferrite migrate`"),
    SCHEMA_CHANGED_WITHOUT_VERSION_BUMP(
            "SchemaChangedWithoutVersionBump",
            "%s version %d differs from its exported schema %s (%s); bump @PersistentStruct(version ="
                    + " ...) and mark new fields with @Since"),
    SCHEMA_FILE(
            "SchemaFile",
            "cannot %s the exported schema %s: %s; fix or delete the file, or check"
                    + " -Aferrite.schemaLocation"),
    SCHEMA_RESOURCE(
            "SchemaResource",
            "cannot write the schema document %s among the compiled classes: %s; migrations plan from it,"
                    + " so check the class output directory"),
    INTERNAL_ERROR(
            "InternalError",
            "the Ferrite processor failed on %s; please report this with the stack trace:%n%s");

    private final String tag;
    private final String template;

    Diagnostic(String tag, String template) {
        this.tag = "[Ferrite/" + tag + "]";
        this.template = template;
    }

    /** The stable tag that starts the message, e.g. {@code [Ferrite/UnsupportedType]}. */
    public String tag() {
        return tag;
    }

    /** The full message for {@code arguments}. */
    public String format(Object... arguments) {
        return tag + " " + String.format(Locale.ROOT, template, arguments);
    }
}

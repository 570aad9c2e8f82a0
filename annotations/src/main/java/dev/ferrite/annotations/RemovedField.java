package dev.ferrite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that the field {@link #name()} was removed in schema version {@link #since()}, the
 * way Android Room's {@code @DeleteColumn} declares a removal for an auto-migration. Repeat it
 * for each removed field.
 *
 * <pre>{@code
 * @PersistentStruct(version = 3)
 * @RemovedField(name = "memo", since = 3)
 * public interface Account { ... }
 * }</pre>
 *
 * <p>Layout: the removed field's bytes are no longer part of the record, so the fields declared
 * after it in the same version move forward; records written before {@code since} need {@code
 * ferrite migrate}, which drops the field's value (and frees its heap string) and relocates
 * what moved. The exported schema records the removal, and the processor's check against
 * exported versions accepts the field's absence, and fields that moved because of it, only
 * because of this declaration. Without it, a field that disappears is a compile error.
 *
 * <p>Rejected: {@code since} below 2 or above the struct's {@link PersistentStruct#version()};
 * a name that is blank, still a field of the struct, or removed twice.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(RemovedFields.class)
public @interface RemovedField {

    /** The name the field had in the versions before {@link #since()}. */
    String name();

    /** The schema version that no longer has the field, from 2 to the struct's version. */
    int since();
}

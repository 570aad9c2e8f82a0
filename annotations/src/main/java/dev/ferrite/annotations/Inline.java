package dev.ferrite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Embeds another persistent struct in the record instead of referencing it.
 *
 * <p>Layout: the embedded struct's whole record, header included, aligned to 8. The getter
 * returns a view of the embedded bytes: writes through it change this record. There is no
 * setter; copy fields through the view.
 *
 * <p>Rejected: on an accessor whose type is not a {@link PersistentStruct}; a setter for the
 * field; structs that embed each other in a cycle.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Inline {
}

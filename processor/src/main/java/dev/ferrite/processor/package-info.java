/**
 * The Ferrite annotation processor: generates a flyweight class for every {@code
 * @PersistentStruct} interface. The entry point is {@link dev.ferrite.processor.FerriteProcessor};
 * everything else is internal.
 *
 * <h2>Layout rules</h2>
 * These rules are the on-disk format of every struct; they are implemented once, in {@code
 * dev.ferrite.processor.layout.Layouts}.
 * <ol>
 *   <li><b>Header.</b> Every record starts with 8 bytes: the type id (4 bytes at offset 0: the
 *       CRC-32C of the UTF-8 schema name, {@code 0} mapped to {@code 1}), the schema version the
 *       record was last written with (an unsigned 2-byte value at offset 4) and 2 bytes kept
 *       zero.
 *   <li><b>Order.</b> Fields are grouped by version: all fields of version 1, then those of
 *       {@code @Since(2)}, and so on; within a version, in declaration order. Fields are never
 *       reordered to pack them, so adding a field never moves an existing one.
 *   <li><b>Alignment.</b> Each field starts at the next multiple of its natural alignment after
 *       the previous one; the gap is padding.
 *   <li><b>Sizes.</b> {@code byte}, {@code boolean} (0 or 1): 1 byte. {@code short}, {@code
 *       char}: 2. {@code int}, {@code float}: 4. {@code long}, {@code double}: 8. An enum: a
 *       4-byte code, {@code 0} for {@code null}, else ordinal + 1. {@code @FixedString(n)}: a
 *       2-byte length then {@code n} bytes of UTF-8, rounded up to an even size, aligned to 2. A
 *       heap {@code String} or a reference to another struct: an 8-byte offset into the heap,
 *       {@code 0} for {@code null}. {@code @Inline}: the target's whole record, header included,
 *       aligned to 8. {@code @Array(length = n)}: {@code n} such elements back to back, aligned
 *       as one element.
 *   <li><b>Reserve.</b> {@code reserve} spare bytes follow the end of the version-1 fields.
 *       Fields of later versions are placed after all earlier fields, so they use the reserve
 *       while they fit and extend the record once they do not.
 *   <li><b>Size.</b> The record size is the larger of the end of the reserve and the end of the
 *       last field, rounded up to a multiple of 8.
 *   <li><b>Byte order.</b> Little-endian, on every platform.
 * </ol>
 *
 * <h2>Versions</h2>
 * A getter of a field added in version {@code n} returns the type's default ({@code 0}, {@code
 * false}, {@code null}, or {@code ""} for a fixed string) when the record's header version is
 * below {@code n}; its setter raises the record's version to {@code n} after writing.
 * {@code @Inline} getters always return the view.
 *
 * <h2>Renames and removals</h2>
 * {@code @RenamedFrom(value, since)} on a getter and {@code @RemovedField(name, since)} on the
 * struct declare changes that existing records cannot absorb in place; the layout is computed
 * from the declaration as always, so a removal moves the fields declared after it. With {@code
 * -Aferrite.schemaLocation} the declarations are exported ({@code renamedFrom}/{@code
 * renamedSince} on the field, {@code removed} on the struct), and the check against exported
 * versions accepts them, and the moves they cause, for versions before their {@code since};
 * heaps holding such records are brought up to date by {@code ferrite migrate}.
 *
 * <h2>Compiling generated code</h2>
 * Generated classes carry {@code @javax.annotation.processing.Generated}, which has source
 * retention. The processor claims it, and the containers of repeated Ferrite annotations, so
 * that a build with {@code -Xlint:all -Werror} compiles without a warning; the processor's tests
 * compile every fixture that way.
 */
package dev.ferrite.processor;

/**
 * The persistent collections behind {@link dev.ferrite.runtime.PersistentSortedMap} and {@link
 * dev.ferrite.runtime.PersistentList}: their block formats and algorithms. Not exported.
 *
 * <p>Every block starts with a {@link dev.ferrite.runtime.format.RecordHeader} whose type id is
 * {@link dev.ferrite.runtime.struct.StructType#typeIdOf} of the names below and whose version is 1,
 * so that a verifier can recognise every block without the application's classes. All numbers
 * are little-endian; offsets are from the block's start; references are heap offsets, 0 for
 * none.
 *
 * <h2>Sorted map (a B+ tree)</h2>
 *
 * <p><b>{@code ferrite.SortedMap}</b>, the header, 40 bytes (48 with enum keys); its offset is
 * the map's handle.
 * <pre>
 *   0  record header
 *   8  u8   key kind: 1 long, 2 string, 3 int, 4 UUID, 5 byte array, 6 enum
 *   9  u8   value kind: 1 long, 2 reference, 3 owned struct, 4 double, 5 owned string in a
 *            heap block of its own (maps of earlier releases), 6 string kept in the leaves
 *  12  i32  type id of reference and struct values, 0 for the others
 *  16  i64  root node, 0 while the map is empty
 *  24  i64  number of entries
 *  32  i32  height: 0 empty, 1 when the root is a leaf
 *  40  i64  enum keys only: the {@code ferrite.SortedMap.Constants} block, 0 before the first key
 * </pre>
 *
 * <p><b>{@code ferrite.SortedMap.Leaf}</b> and <b>{@code ferrite.SortedMap.Branch}</b>, the nodes,
 * 4096 bytes each (one page when the allocator places page-sized blocks on page boundaries):
 * <pre>
 *   0  record header
 *   8  i32  entry count n
 *  16  i64  branches: the leftmost child; leaves: unused
 *  24  n entries, each a key slot followed by an i64 payload
 * </pre>
 * A leaf's payload is the value: the long itself, the bits of the double, or the offset of a
 * struct record or a {@code ferrite.String} heap string (0 for {@code null}). A branch's entry i holds key k<sub>i</sub> and the child with the keys
 * from k<sub>i</sub> up to (excluding) k<sub>i+1</sub>; the leftmost child holds the keys below
 * k<sub>0</sub>. Keys are strictly ascending in every node. Every node but the root and the
 * rightmost leaf holds at least a third of its capacity (254 entries with long keys, 127 with
 * string keys): a key appended after the last one of a full rightmost leaf starts a new leaf, so
 * that keys inserted in ascending order fill leaves completely, and a removal that leaves a leaf
 * below two thirds full merges it into its neighbours where they have the room, so that removals
 * leave leaves about three quarters full (see {@code BPlusTree}). Every leaf is at the header's
 * height. Bytes after the last entry are meaningless. Leaves are not chained:
 * iteration keeps its path from the root, so a split or merge writes only the two nodes involved
 * and their parent, never a third sibling.
 *
 * <p><b>Leaves of value kind 6</b> keep each string beside its key, so that a map of short strings
 * takes little more than their bytes. Their entries are a key slot and a 4-byte payload: the u16
 * offset of the value in the leaf and a u16 length code: the value's UTF-8 length (at most
 * 1,000); {@code 0x8000} plus the length (at most 1,000) of its coding by {@code
 * StringCompression}, kept where that saves an eighth of its
 * bytes; {@code 0xFFFF} for {@code null} (no bytes); or {@code 0xFFFE} for a string that takes
 * more than 1,000 bytes either way, whose 8 bytes are then the offset of a {@code
 * ferrite.String} heap string the map owns.
 * <pre>
 *   8  i32  entry count n
 *  16  i32  offset of the lowest value byte, 0 while there is none
 *  20  i32  value bytes the entries use
 *  24  n entries, each a key slot followed by the payload
 *      ...  free space, then the values up to the end of the node, with the gaps that removed
 *           and replaced values left
 * </pre>
 * Such leaves fill by bytes, entries and values, out of 4,072: every leaf but the root and the
 * rightmost holds at least a third of that, a removal or a shorter value that leaves one below
 * two thirds merges it into its neighbours where they have the room (and room for the bytes just
 * freed, so that putting them back does not split the leaf again), and a leaf whose entries
 * no longer fit is split where its bytes divide most evenly. Values are moved only when a leaf
 * is rewritten whole: on a split or merge, or to close its gaps when a new value needs the
 * room. Leaves are whole pages, so an entry's leaf is its offset rounded down to a page.
 *
 * <p>Key slots: a long key is its 8 bytes, an int key its 4, a UUID key 16 (the most significant
 * 64 bits, then the least), an enum key the constant's ordinal in 4 (see {@link
 * dev.ferrite.runtime.collection.EnumKeyFormat} for the block of constant names). A string or
 * byte array key is 24 bytes: its length in bytes (i32; UTF-8 for strings), then the bytes when
 * they fit in 20; a longer key keeps its first 12 bytes there and the offset
 * of a <b>{@code ferrite.SortedMap.Key}</b> block at slot offset 16. A key block holds the record
 * header, the length (i32), 4 zero bytes and all the key's bytes, and belongs to exactly one slot:
 * a separator copied up into a branch gets a block of its own.
 *
 * <p>String keys are in {@link java.lang.String#compareTo} order (see {@link
 * dev.ferrite.runtime.collection.StringKeyFormat}), long and int keys in signed order, UUIDs in
 * {@link java.util.UUID#compareTo} order, byte arrays in unsigned lexicographic order, enums in
 * ordinal order.
 *
 * <h2>List</h2>
 *
 * <p>See {@link dev.ferrite.runtime.collection.ChunkedList}.
 *
 * <h2>Cost of a change (FAMS)</h2>
 *
 * <p>Every write is reported to {@code markDirty} with its exact byte range. An insert or removal
 * that stays within one leaf dirties that leaf's page and the header's; a split adds the new
 * node and the parent; a merge or rebalance the sibling and the parent. Entries of a node are
 * shifted in place, so only the bytes from the changed position to the node's last entry change.
 */
package dev.ferrite.runtime.collection;

/**
 * The Ferrite runtime: the persistent {@code Heap} and the small, stable surface that
 * generated flyweights are written against.
 */
module dev.ferrite.runtime {
    requires transitive dev.ferrite.annotations;
    requires transitive dev.ferrite.fams;

    exports dev.ferrite.runtime;
    exports dev.ferrite.runtime.struct;
}

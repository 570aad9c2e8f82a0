/**
 * The Ferrite runtime: the persistent {@code Heap} and the small, stable surface that
 * generated flyweights are written against.
 */
@SuppressWarnings("module") // the modules named below are built after this one
module dev.ferrite.runtime {
    requires transitive dev.ferrite.annotations;
    // Heap.commit(Durability) names a FAMS type, so users of the runtime read the FAMS module.
    requires transitive dev.ferrite.fams;
    requires jdk.jfr; // the flight-recorder event of migrations

    exports dev.ferrite.runtime;
    exports dev.ferrite.runtime.struct;
    // Schema documents: the processor exports them, the command-line tool reads them. The catalog
    // and its checks (dev.ferrite.runtime.schema) stay internal.
    exports dev.ferrite.runtime.schema.document to dev.ferrite.processor, dev.ferrite.cli, dev.ferrite.test;
    // For the command-line tool alone: the record header it decodes and the JSON it prints.
    exports dev.ferrite.runtime.format to dev.ferrite.cli, dev.ferrite.test;
    exports dev.ferrite.runtime.json to dev.ferrite.cli;
    // For the test kit alone: it writes records of exported schema versions into a new heap, for
    // migration tests.
    exports dev.ferrite.runtime.heap to dev.ferrite.test;
}

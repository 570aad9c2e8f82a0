/** The annotation processor that generates flyweights for {@code @PersistentStruct} interfaces. */
@SuppressWarnings("requires-automatic") // JavaPoet and AutoService ship no module descriptor
module dev.ferrite.processor {
    requires java.compiler;
    requires dev.ferrite.annotations;
    requires dev.ferrite.runtime;
    requires com.palantir.javapoet;
    requires static com.google.auto.service;

    provides javax.annotation.processing.Processor with dev.ferrite.processor.FerriteProcessor;
}

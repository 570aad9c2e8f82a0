package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.MigrationHook;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * What the caller of a migration decides: the options of {@code Migration.Options}, as this
 * package reads them.
 *
 * @param renames for a schema name, old field name by new field name
 * @param hooks for a schema name, the hook that computes its fields, or null
 * @param drops for a schema name, the stored fields the caller agreed to drop although the
 *     compiled struct does not declare them {@code @RemovedField}
 * @param progress receives the number of records rewritten so far, now and then
 */
public record MigrationSettings(Function<String, Map<String, String>> renames,
        Function<String, MigrationHook> hooks, Function<String, Set<String>> drops, LongConsumer progress) {}

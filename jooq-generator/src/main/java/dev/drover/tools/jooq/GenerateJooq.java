package dev.drover.tools.jooq;

import dev.drover.testing.FreePort;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;

/**
 * Generates Drover's jOOQ classes from the Flyway migrations, the way the schema really is: it starts a throwaway
 * embedded Postgres, applies every migration, and lets jOOQ read the live catalog (enums, jsonb and arrays come out
 * right, which parsing the DDL does not achieve).
 *
 * <p>Usage: {@code GenerateJooq <migrations dir> <output dir> <package> <schema>...}. The build runs it in
 * {@code generate-sources}, so the generated code can never drift from the SQL.
 */
public final class GenerateJooq {

    private GenerateJooq() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: GenerateJooq <migrations dir> <output dir> <package> <schema>...");
        }
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        List<String> schemas = List.of(args).subList(3, args.length);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(FreePort.pick())
                .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("fsync", "off").start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Flyway.configure().dataSource(url, "postgres", "").locations("filesystem:" + migrations).load().migrate();
            GenerationTool.generate(configuration(url, output, args[2], schemas));
        }
    }

    private static Configuration configuration(String url, Path output, String pkg, List<String> schemas) {
        Database database = new Database()
                .withName("org.jooq.meta.postgres.PostgresDatabase")
                .withExcludes("flyway_schema_history")
                .withSchemata(schemas.stream().map(s -> new SchemaMappingType().withInputSchema(s)).toList());
        return new Configuration()
                .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url).withUser("postgres").withPassword(""))
                .withGenerator(new Generator()
                        .withDatabase(database)
                        .withGenerate(new Generate().withRecords(true).withPojos(false).withDaos(false)
                                .withJavaTimeTypes(true).withFluentSetters(true).withGeneratedAnnotation(false))
                        .withTarget(new Target().withPackageName(pkg).withDirectory(output.toString()).withClean(true)));
    }
}

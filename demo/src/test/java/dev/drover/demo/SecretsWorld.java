package dev.drover.demo;

import dev.drover.db.lifecycle.RuntimeRole;
import dev.drover.testing.FreePort;
import dev.drover.testing.SharedRedis;
import dev.drover.testing.postgres.MigratedTemplate;
import dev.drover.testing.postgres.PostgresServer;
import dev.drover.testing.sim.bedrock.BedrockSimulator;
import dev.drover.testing.sim.gemini.GeminiSimulator;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.sprinthub.SprintHubSimulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Everything the secrets test needs, holding distinctive secrets: an ACL user with a password on the shared Redis,
 * Postgres roles with passwords (a superuser-like admin for the operator commands' database, the least-privilege
 * runtime role for the daemons' database), the simulators with their own token and keys, AWS credentials, and the
 * URL variants (valid, malformed in many ways, unreachable, wrong password) built from them. Each database is a
 * copy of the migrated template; each side has its own queue prefix. {@link #close()} removes the user, the roles
 * and the databases.
 */
final class SecretsWorld implements AutoCloseable {

    /**
     * A Redis and Postgres URL pair one command line runs with; {@code broken} names the one at fault, if any;
     * {@code shape} numbers the malformed ones (-1 for the others).
     */
    record UrlVariant(String label, SecretOption broken, String redisUrl, String databaseUrl, int shape) {

        UrlVariant(String label, SecretOption broken, String redisUrl, String databaseUrl) {
            this(label, broken, redisUrl, databaseUrl, -1);
        }

        boolean valid() {
            return broken == null;
        }
    }

    final Secret redisPassword = Secret.random("REDIS password");
    final Secret redisWrongPassword = Secret.random("wrong REDIS password");
    final Secret adminPassword = Secret.random("Postgres admin password");
    final Secret runtimePassword = Secret.random("Postgres runtime-role password");
    final Secret wrongDbPassword = Secret.random("wrong Postgres password");
    final Secret createdRolePassword = Secret.random("password of a role made by db create-role");
    final Secret sprinthubToken = Secret.random("SPRINTHUB_API_TOKEN");
    final Secret geminiKey = Secret.random("GEMINI_API_KEY");
    final Secret awsAccessKeyId = Secret.random("AWS_ACCESS_KEY_ID");
    final Secret awsSecretKey = Secret.random("AWS_SECRET_ACCESS_KEY");
    final Secret awsSessionToken = Secret.random("AWS_SESSION_TOKEN");

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final String redisUser = "sec_" + suffix;
    final String adminRole = "sec_adm_" + suffix;
    final String runtimeRole = "sec_rt_" + suffix;
    final String createdRole = "sec_cr_" + suffix;
    final String cliDatabase = "sec_cli_" + suffix;
    final String daemonDatabase = "sec_dmn_" + suffix;
    final String cliPrefix = "sc" + suffix;
    final String daemonPrefix = "sd" + suffix;

    final PostgresServer pg = PostgresServer.shared();
    final String redisHost;
    final int redisPort;
    final BedrockSimulator bedrock = BedrockSimulator.startWithDefaultCatalog();
    final SprintHubSimulator crm = SprintHubSimulator.start(sprinthubToken.value(), "secrets");
    final GeminiSimulator gemini = GeminiSimulator.start(geminiKey.value());
    final FakeNvidiaSmi nvidiaSmi = FakeNvidiaSmi.install();
    final Path dir;

    SecretsWorld() throws Exception {
        URI shared = URI.create(SharedRedis.url());
        redisHost = shared.getHost();
        redisPort = shared.getPort();
        dir = Files.createTempDirectory("secrets-test-");
        try (Jedis j = new Jedis(shared)) {
            j.aclSetUser(redisUser, "on", ">" + redisPassword.value(), "~*", "&*", "+@all");
        }
        MigratedTemplate.copyTo(cliDatabase);
        MigratedTemplate.copyTo(daemonDatabase);
        superuser("postgres", "CREATE ROLE " + adminRole + " LOGIN SUPERUSER PASSWORD '" + adminPassword.value() + "'");
        try (Connection c = pg.connect(daemonDatabase)) {
            RuntimeRole.createOrUpdate(c, runtimeRole, runtimePassword.value());
        }
    }

    List<Secret> secrets() {
        return List.of(redisPassword, redisWrongPassword, adminPassword, runtimePassword, wrongDbPassword,
                createdRolePassword, sprinthubToken, geminiKey, awsAccessKeyId, awsSecretKey, awsSessionToken);
    }

    String redisUrl(Secret password) {
        return "redis://" + redisUser + ":" + password.urlEncoded() + "@" + redisHost + ":" + redisPort;
    }

    String databaseUrl(String role, Secret password, String database) {
        return "postgres://" + role + ":" + password.urlEncoded() + "@" + pg.host() + ":" + pg.port() + "/" + database;
    }

    /** What the daemons connect with: the runtime role on their own database. */
    String daemonDatabaseUrl() {
        return databaseUrl(runtimeRole, runtimePassword, daemonDatabase);
    }

    /** Valid, then each way of getting the Redis URL wrong, then each way of getting the Postgres URL wrong. */
    List<UrlVariant> variants() {
        String redis = redisUrl(redisPassword);
        String db = databaseUrl(adminRole, adminPassword, cliDatabase);
        List<UrlVariant> out = new ArrayList<>();
        out.add(new UrlVariant("valid", null, redis, db));
        String e = redisPassword.urlEncoded();
        String hp = redisHost + ":" + redisPort;
        Map<String, String> badRedis = new java.util.LinkedHashMap<>();
        badRedis.put("port not a number", "redis://u:" + e + "@" + redisHost + ":notaport");
        badRedis.put("port out of range", "redis://:" + e + "@" + redisHost + ":99999");
        badRedis.put("database not a number", "redis://u:" + e + "@" + hp + "/notanumber");
        badRedis.put("password not encoded", "redis://u:" + redisPassword.value() + "@" + hp);
        badRedis.put("wrong scheme", "http://u:" + e + "@" + hp);
        badRedis.put("no scheme", "u:" + e + "@" + hp);
        badRedis.put("bad escape", "redis://u:" + e + "%zz@" + hp);
        badRedis.put("bad IPv6 literal", "redis://u:" + e + "@[::1:" + redisPort);
        badRedis.put("space inside", "redis://u:" + e + "@" + hp + " /0");
        badRedis.put("no host", "redis://u:" + e);
        badRedis.forEach((label, url) -> out.add(new UrlVariant("REDIS_URL " + label, SecretOption.REDIS_URL, url, db,
                out.size())));
        out.add(new UrlVariant("REDIS_URL unreachable", SecretOption.REDIS_URL,
                "redis://" + redisUser + ":" + e + "@127.0.0.1:" + FreePort.pick(), db));
        out.add(new UrlVariant("REDIS_URL wrong password", SecretOption.REDIS_URL, redisUrl(redisWrongPassword), db));

        String p = adminPassword.urlEncoded();
        String php = pg.host() + ":" + pg.port();
        Map<String, String> badDb = new java.util.LinkedHashMap<>();
        badDb.put("port not a number", "postgres://u:" + p + "@" + pg.host() + ":notaport/db");
        badDb.put("port out of range", "postgres://u:" + p + "@" + pg.host() + ":99999/db");
        badDb.put("no host", "postgres://u:" + p + "@/db");
        badDb.put("nothing after the password", "postgres://u:" + p);
        badDb.put("password not encoded", "postgres://u:" + adminPassword.value() + "@" + php + "/" + cliDatabase);
        badDb.put("wrong scheme", "mysql://u:" + p + "@" + php + "/db");
        badDb.put("bad escape", "postgres://u:" + p + "%zz@" + php + "/db");
        badDb.put("space inside", "postgres://u:" + p + "@" + php + "/d b");
        badDb.put("jdbc with a bad parameter", "jdbc:postgresql://" + php + "/" + cliDatabase + "?user=" + adminRole
                + "&password=" + p + "&sslmode=bogus");
        badDb.put("jdbc with a bad escape", "jdbc:postgresql://" + php + "/db?user=u&password=" + p + "%zz");
        badDb.forEach((label, url) -> out.add(new UrlVariant("DATABASE_URL " + label, SecretOption.DATABASE_URL,
                redis, url, out.size())));
        out.add(new UrlVariant("DATABASE_URL unreachable", SecretOption.DATABASE_URL, redis,
                "postgres://" + adminRole + ":" + p + "@127.0.0.1:" + FreePort.pick() + "/" + cliDatabase));
        out.add(new UrlVariant("DATABASE_URL wrong password", SecretOption.DATABASE_URL, redis,
                databaseUrl(adminRole, wrongDbPassword, cliDatabase)));
        return out;
    }

    /** What every command and daemon gets whatever the variant: simulators, AWS credentials, directories. */
    Map<String, String> baseEnv(String prefix) {
        Map<String, String> env = new HashMap<>();
        env.put("QUEUE_PREFIX", prefix);
        env.put("HTTP_PORT", "0");
        env.put("SHUTDOWN_TIMEOUT", "2s");
        env.put("BEDROCK_ENDPOINT", bedrock.endpointTemplate());
        env.put("BEDROCK_RUNTIME_ENDPOINT", bedrock.endpointTemplate());
        env.put("BEDROCK_RETRY_BACKOFF_MS", "10");
        env.put("BEDROCK_RETRY_ATTEMPTS", "2");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", awsAccessKeyId.value());
        env.put("AWS_SECRET_ACCESS_KEY", awsSecretKey.value());
        env.put("AWS_SESSION_TOKEN", awsSessionToken.value());
        env.put("SPRINTHUB_BASE_URL", crm.baseUrl());
        env.put("SPRINTHUB_INSTANCE", crm.instance());
        env.put("SPRINTHUB_BACKOFF_MS", "10");
        env.put("SPRINTHUB_MAX_ATTEMPTS", "2");
        env.put("GEMINI_BASE_URL", gemini.baseUrl());
        env.put("NVIDIA_SMI", nvidiaSmi.path().toString());
        env.put("STORAGE_DIR", dir.resolve("storage-" + prefix).toString());
        env.put("JOBS_DIR", dir.resolve("jobs-" + prefix).toString());
        env.put("RUNTIME_PASSWORD", createdRolePassword.value());
        return env;
    }

    /** Every key under {@code prefix} with its whole value, each to {@code sink} as one text. */
    void redisContents(String prefix, Consumer<String> sink) {
        try (Jedis j = new Jedis(URI.create(SharedRedis.url()))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                for (String key : page.getResult()) {
                    sink.accept(key + " = " + value(j, key));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }

    private static String value(Jedis j, String key) {
        return switch (j.type(key)) {
            case "string" -> j.get(key);
            case "hash" -> j.hgetAll(key).toString();
            case "list" -> j.lrange(key, 0, -1).toString();
            case "set" -> j.smembers(key).toString();
            case "zset" -> j.zrangeWithScores(key, 0, -1).stream().map(Tuple::toString).toList().toString();
            case "stream" -> j.xrange(key, "-", "+").toString();
            default -> "(" + j.type(key) + ")";
        };
    }

    /** Every row of every table of {@code database} as text, one table per call of {@code sink}. */
    void databaseContents(String database, Consumer<String> sink) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select quote_ident(table_schema) || '.' || quote_ident(table_name)"
                    + " from information_schema.tables where table_type = 'BASE TABLE'"
                    + " and table_schema not in ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                StringBuilder b = new StringBuilder(table).append(":\n");
                try (ResultSet rs = s.executeQuery("select t::text from " + table + " t")) {
                    while (rs.next()) {
                        b.append(rs.getString(1)).append('\n');
                    }
                }
                sink.accept(b.toString());
            }
        }
    }

    void superuser(String database, String... statements) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : List.<AutoCloseable>of(bedrock, crm, gemini, nvidiaSmi)) {
            c.close();
        }
        try (Jedis j = new Jedis(URI.create(SharedRedis.url()))) {
            j.aclDelUser(redisUser);
            for (String prefix : List.of(cliPrefix, daemonPrefix)) {
                redisKeys(j, prefix).forEach(j::unlink);
            }
        }
        MigratedTemplate.drop(cliDatabase);
        MigratedTemplate.drop(daemonDatabase);
        superuser("postgres", "DROP ROLE IF EXISTS " + createdRole, "DROP ROLE IF EXISTS " + runtimeRole,
                "DROP ROLE IF EXISTS " + adminRole);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static List<String> redisKeys(Jedis j, String prefix) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = j.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return keys;
    }
}

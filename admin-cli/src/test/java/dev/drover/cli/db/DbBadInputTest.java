package dev.drover.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.cli.Cli;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@code drover db} command against a server that cannot be reached, a wrong password, a missing database
 * and a malformed URL: exit 3 (cannot connect) or 2 (usage), host and port named, the password never echoed.
 */
@ExtendWith(PostgresExtension.class)
class DbBadInputTest {

    private static final List<String[]> COMMANDS = List.of(new String[] {"info"}, new String[] {"migrate"},
            new String[] {"validate"}, new String[] {"check"}, new String[] {"rollback", "--to", "1", "--yes"},
            new String[] {"create-role", "drover_runtime"});

    @Test
    void anUnreachableServerIsExitThreeNamingHostAndPort() {
        int port = FreePort.pick();
        for (String[] cmd : COMMANDS) {
            Cli.Result r = DbCli.as("postgres://drover:hunter2-pw@127.0.0.1:" + port + "/drover", cmd);
            assertThat(r.code()).as(String.join(" ", cmd) + "\n" + r).isEqualTo(3);
            assertThat(r.err()).contains("cannot connect to Postgres at drover@127.0.0.1:" + port + "/drover")
                    .doesNotContain("hunter2");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void aWrongPasswordOrAMissingDatabaseIsExitThreeWithoutThePassword(TestDatabase db) {
        try (DbCli cli = new DbCli(db)) {
            String role = cli.newRole();
            cli.sql("create role " + role + " login password 'right-pw'");
            for (String[] cmd : COMMANDS) {
                Cli.Result r = DbCli.as(cli.urlAs(role, "wrong-pw-123"), cmd);
                assertThat(r.code()).as(String.join(" ", cmd) + "\n" + r).isEqualTo(3);
                assertThat(r.err()).contains("cannot connect to Postgres at " + role + "@", "password authentication "
                        + "failed").doesNotContain("wrong-pw-123");
            }
            Cli.Result missing = new Cli(null, null).raw(Map.of("DATABASE_URL", db.url() + "_missing"), "db", "info");
            assertThat(missing.code()).as(missing.toString()).isEqualTo(3);
            assertThat(missing.err()).contains("does not exist");
        }
    }

    @Test
    void aMalformedOrMissingUrlIsAUsageErrorThatNeverEchoesThePassword() {
        for (String bad : new String[] {"postgres://drover:pa ss-word@host:5432/db", "mysql://drover:pa55word@h/db",
            "postgres://drover:pa55word@host:port/db", "postgres://drover:p@ss%zzword@host/db"}) {
            for (String[] cmd : COMMANDS) {
                Cli.Result r = DbCli.as(bad, cmd);
                assertThat(r.code()).as(bad + " " + String.join(" ", cmd) + "\n" + r).isEqualTo(2);
                assertThat(r.err()).doesNotContain("ss-word", "pa55word", "zzword");
            }
        }
        Cli.Result flag = new Cli(null, null).raw(Map.of(), "db", "info", "--database-url", "postgres://u:pa ss@h/d");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err()).doesNotContain("pa ss");
        Cli.Result none = new Cli(null, null).raw(Map.of(), "db", "info");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("pass --database-url", "DATABASE_URL");
    }

    @Test
    void helpListsTheCommandsAndNotTheQueueOptions() {
        Cli.Result help = new Cli(null, null).raw(Map.of(), "db", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("info", "migrate", "validate", "create-role", "check", "rollback",
                "--database-url", "From a blank Postgres").doesNotContain("--redis", "--prefix");
        Cli.Result rollback = new Cli(null, null).raw(Map.of(), "db", "rollback", "--help");
        assertThat(rollback.out()).contains("--keep-later", "--out-of-order", "--yes").doesNotContain("--redis");
        assertThat(new Cli(null, null).raw(Map.of(), "db").code()).isEqualTo(2);
    }
}

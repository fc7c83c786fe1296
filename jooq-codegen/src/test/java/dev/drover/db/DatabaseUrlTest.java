package dev.drover.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void readsThePostgresForm() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://drover:s%40cret@db.local:6543/app?sslmode=require", Map.of());
        assertThat(u.host()).isEqualTo("db.local");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.database()).isEqualTo("app");
        assertThat(u.user()).isEqualTo("drover");
        assertThat(u.password()).isEqualTo("s@cret");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/app?sslmode=require");
    }

    @Test
    void readsTheJdbcFormWithCredentialsInTheQuery() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1/app?user=w&password=p", Map.of());
        assertThat(u.port()).isEqualTo(5432);
        assertThat(u.user()).isEqualTo("w");
        assertThat(u.password()).isEqualTo("p");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app");
    }

    @Test
    void takesMissingCredentialsFromTheEnvironment() {
        DatabaseUrl u = DatabaseUrl.parse("postgresql://h:1/d", Map.of("DATABASE_USER", "env-user", "DATABASE_PASSWORD", "env-pw"));
        assertThat(u.user()).isEqualTo("env-user");
        assertThat(u.password()).isEqualTo("env-pw");
    }

    @Test
    void neverShowsThePassword() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://drover:topsecret@h:1/d", Map.of());
        assertThat(u.toString()).isEqualTo("drover@h:1/d").doesNotContain("topsecret");
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://drover:topsecret@h/d", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgres://")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void aMalformedUrlIsRefusedWithoutEchoingThePassword() {
        for (String bad : new String[] {"postgres://drover:top secret@h:1/d", "postgres://drover:top/secret@h:x/d",
            "postgres://drover:p@ss%zz@h/d", "jdbc:postgresql://h/d?user=u&password=top secret",
            "postgres://drover:topsecret", "postgres://drover:topsecret/d", "postgres://drover:top%zzsecret@h/d"}) {
            assertThatThrownBy(() -> DatabaseUrl.parse(bad, Map.of())).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("secret").hasMessageNotContaining("ss%zz").hasMessageNotContaining("zz");
        }
    }

    @Test
    void aUrlWithoutCredentialsIsShownAsItIs() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db.internal:5432/d", Map.of()))
                .hasMessageContaining("mysql://db.internal:5432/d");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://[::1]:5432/d b", Map.of()))
                .hasMessageContaining("postgres://[::1]:5432/d b");
    }

    @Test
    void withoutPasswordGivesAUrlToHandOn() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://drover:pw@h:1/d?sslmode=require&sslpassword=x", Map.of());
        assertThat(u.withCredentials("rt", "secret").withoutPassword()).isEqualTo("postgres://rt@h:1/d?sslmode=require");
    }
}

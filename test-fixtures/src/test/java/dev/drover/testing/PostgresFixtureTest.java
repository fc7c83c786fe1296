package dev.drover.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresFixtureTest {

    @Test
    void eachTestGetsItsOwnDatabaseOnLoopback(TestDatabase db) throws SQLException {
        assertThat(db.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").doesNotContain(":5432/");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE scratch (id int primary key)");
            s.execute("INSERT INTO scratch VALUES (1)");
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(db.name());
            }
        }
    }

    @Test
    void databasesDoNotLeakIntoEachOther(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
